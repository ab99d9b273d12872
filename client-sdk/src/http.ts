/**
 * One typed call per endpoint definition: `http.call(clientRooms.createRoom,
 * { body })` builds the request from the definition (protocol's
 * `buildRequest`), sends it with fetch and returns the response type the
 * definition declares, or throws WardApiError / WardConnectionError.
 *
 * The access token goes only in the Authorization header (Ward refuses it in
 * URLs), and only to endpoints that take one.
 */
import { buildRequest, type AnyEndpoint, type RequestInputArg, type ResponseOf } from "@ward/protocol/endpoints";
import { WardAbortError, WardApiError, WardConnectionError, type MatrixErrorBody } from "./errors.js";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type CallOptions = {
  /** Aborts the call: it then rejects with WardAbortError. */
  signal?: AbortSignal;
  /** Gives up after this long with a WardConnectionError (a long-poll that never answers). */
  timeoutMs?: number;
};

export type HttpClientOptions = {
  /** The homeserver's base URL, e.g. "https://ward.example.org". */
  baseUrl: string;
  accessToken?: string;
  /** Defaults to the global fetch (Node 20+, browsers). */
  fetch?: FetchLike;
  /** Told about every answer saying the token no longer works, whichever call got it. */
  onSessionEnded?: (error: WardApiError) => void;
};

function retryAfterHeaderMs(res: Response): number | undefined {
  const value = res.headers.get("retry-after");
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}

async function errorBodyOf(res: Response): Promise<MatrixErrorBody> {
  try {
    const parsed: unknown = JSON.parse(await res.text());
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as MatrixErrorBody) : {};
  } catch {
    return {};
  }
}

export class HttpClient {
  readonly baseUrl: string;
  accessToken: string | undefined;
  private readonly fetchImpl: FetchLike;
  private readonly onSessionEnded: ((error: WardApiError) => void) | undefined;

  constructor(options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.accessToken = options.accessToken;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.onSessionEnded = options.onSessionEnded;
  }

  async call<E extends AnyEndpoint>(endpoint: E, ...args: [...RequestInputArg<E>, CallOptions?]): Promise<ResponseOf<E>> {
    const [input, options = {}] = args as unknown as [unknown, CallOptions?];
    const req = buildRequest(endpoint as AnyEndpoint, input as never);
    const headers: Record<string, string> = {};
    if (endpoint.auth !== "none" && this.accessToken !== undefined) headers.Authorization = `Bearer ${this.accessToken}`;
    let body: BodyInit | undefined;
    if (req.bodyKind === "json") {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(req.body);
    } else if (req.bodyKind === "binary") {
      body = req.body as Uint8Array<ArrayBuffer>;
    }
    return this.exchange(endpoint.id, this.baseUrl + req.target, { method: req.method, headers, body }, options, async (res) => {
      if (!res.ok) {
        const error = new WardApiError(res.status, await errorBodyOf(res), endpoint.id, retryAfterHeaderMs(res));
        // After logout there is no token: nothing to report ended.
        if (error.isSessionEnded && endpoint.auth === "required" && this.accessToken !== undefined) this.onSessionEnded?.(error);
        throw error;
      }
      if (endpoint.response.kind === "binary") return new Uint8Array(await res.arrayBuffer()) as ResponseOf<E>;
      const text = await res.text();
      return (text === "" ? {} : JSON.parse(text)) as ResponseOf<E>;
    });
  }

  /** fetch and read the answer, both under the caller's signal and the timeout. */
  private async exchange<T>(endpointId: string, url: string, init: RequestInit, options: CallOptions, read: (res: Response) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const { signal, timeoutMs } = options;
    if (signal?.aborted) throw new WardAbortError(`${endpointId} aborted`);
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const res = await this.fetchImpl(url, { ...init, signal: controller.signal });
      return await read(res);
    } catch (err) {
      if (err instanceof WardApiError) throw err;
      if (timedOut) throw new WardConnectionError(`${endpointId}: no answer within ${timeoutMs} ms`, endpointId);
      if (signal?.aborted) throw new WardAbortError(`${endpointId} aborted`);
      if (err instanceof SyntaxError) throw new WardConnectionError(`${endpointId}: the answer is not JSON`, endpointId, err);
      throw new WardConnectionError(`${endpointId}: ${(err as Error).message ?? "request failed"}`, endpointId, err);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}
