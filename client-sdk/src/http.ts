/**
 * One typed call per endpoint definition: `http.call(clientRooms.createRoom,
 * { body })` builds the request from the definition (protocol's
 * `buildRequest`), sends it with fetch and returns the response type the
 * definition declares, or throws WardApiError / WardConnectionError.
 *
 * The access token goes only in the Authorization header (Ward refuses it in
 * URLs), and only to endpoints that take one.
 */
import { buildRequest, type AnyEndpoint, type RequestInput, type RequestInputArg, type ResponseOf } from "@ward/protocol/endpoints";
import { WardAbortError, WardApiError, WardConnectionError, type MatrixErrorBody } from "./errors.js";

/** The connection was reset or closed under the request (Node's fetch names the cause's code). */
function isStaleConnection(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET") return true;
  }
  return false;
}

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

function retryAfterHeaderMs(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}

function errorBodyOf(text: string): MatrixErrorBody {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as MatrixErrorBody) : {};
  } catch {
    return {};
  }
}

/** Path parameters and query of a call whose body the caller sends itself (`request`, `prepare`). */
export type RequestParts<E extends AnyEndpoint> = Omit<RequestInput<E>, "body">;

/** A request built from a definition, ready to send. */
export type PreparedRequest = {
  readonly url: string;
  readonly method: string;
  /** The token (when the endpoint takes one) and, for JSON bodies, the Content-Type. */
  readonly headers: Record<string, string>;
  readonly bodyKind: "json" | "binary" | "none";
  readonly body: unknown;
};

/** `HttpClient.request`: a call whose body or answer the caller handles itself (media). */
export type RawRequestOptions<T> = CallOptions & {
  /** Sent instead of the definition's body (a stream counting its bytes, a Blob). */
  body?: BodyInit;
  /** Added to the prepared headers (Content-Type, Content-Length of a stream). */
  headers?: Record<string, string>;
  /** Reads the successful answer; what it returns, `send` resolves with. */
  read: (res: Response) => Promise<T>;
  /**
   * The caller's signal keeps aborting the request after `read` returns, for
   * an answer handed on as a stream, which is read later.
   */
  holdSignal?: boolean;
};

export class HttpClient {
  readonly baseUrl: string;
  accessToken: string | undefined;
  private readonly fetchImpl: FetchLike;
  /** @internal True when the app gave its own fetch: uploads then go through it too, not XMLHttpRequest. */
  readonly customFetch: boolean;
  private readonly onSessionEnded: ((error: WardApiError) => void) | undefined;

  constructor(options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.accessToken = options.accessToken;
    this.customFetch = options.fetch !== undefined;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.onSessionEnded = options.onSessionEnded;
  }

  async call<E extends AnyEndpoint>(endpoint: E, ...args: [...RequestInputArg<E>, CallOptions?]): Promise<ResponseOf<E>> {
    const [input, options = {}] = args as unknown as [RequestInputArg<E>[0], CallOptions?];
    const req = this.prepare(endpoint, input as RequestParts<E> | undefined);
    let body: BodyInit | undefined;
    if (req.bodyKind === "json") body = JSON.stringify(req.body);
    else if (req.bodyKind === "binary") body = req.body as Uint8Array<ArrayBuffer>;
    return this.exchange(endpoint, req, { ...options, ...(body !== undefined ? { body } : {}) }, async (res) => {
      if (endpoint.response.kind === "binary") return new Uint8Array(await res.arrayBuffer()) as ResponseOf<E>;
      const text = await res.text();
      return (text === "" ? {} : JSON.parse(text)) as ResponseOf<E>;
    });
  }

  /**
   * Sends a request to `endpoint` (path, query and token from the definition)
   * with the caller's body and headers, and hands a successful answer to
   * `options.read`; error answers throw as in `call`.
   */
  async request<E extends AnyEndpoint, T>(endpoint: E, input: RequestParts<E>, options: RawRequestOptions<T>): Promise<T> {
    return this.exchange(endpoint, this.prepare(endpoint, input), options, options.read);
  }

  /**
   * The URL, method, headers and body of a call to `endpoint`, for transports
   * other than fetch (the benchmark's node:http). Without a body in `input`,
   * a JSON endpoint's prepared body is `{}`.
   */
  prepare<E extends AnyEndpoint>(endpoint: E, input: RequestInput<E> | RequestParts<E> | undefined): PreparedRequest {
    const req = buildRequest(endpoint as AnyEndpoint, input as never);
    const headers: Record<string, string> = {};
    if (endpoint.auth !== "none" && this.accessToken !== undefined) headers.Authorization = `Bearer ${this.accessToken}`;
    if (req.bodyKind === "json") headers["Content-Type"] = "application/json";
    return { url: this.baseUrl + req.target, method: req.method, headers, bodyKind: req.bodyKind, body: req.body };
  }

  /**
   * The WardApiError for an error answer (status, body text, Retry-After
   * header), reporting an ended session as `call` does.
   */
  errorFor(endpoint: AnyEndpoint, status: number, bodyText: string, retryAfter: string | null): WardApiError {
    const error = new WardApiError(status, errorBodyOf(bodyText), endpoint.id, retryAfterHeaderMs(retryAfter));
    // After logout there is no token: nothing to report ended.
    if (error.isSessionEnded && endpoint.auth === "required" && this.accessToken !== undefined) this.onSessionEnded?.(error);
    return error;
  }

  /** fetch and read the answer, both under the caller's signal and the timeout. */
  private async exchange<T>(
    endpoint: AnyEndpoint,
    req: PreparedRequest,
    options: CallOptions & { body?: BodyInit; headers?: Record<string, string>; holdSignal?: boolean },
    read: (res: Response) => Promise<T>,
  ): Promise<T> {
    const endpointId = endpoint.id;
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
    let holding = false;
    try {
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: { ...req.headers, ...options.headers }, signal: controller.signal };
      if (options.body !== undefined) init.body = options.body;
      // A stream body needs half duplex (fetch's rule); Node's fetch sends it chunked, or with the Content-Length given.
      if (options.body instanceof ReadableStream) init.duplex = "half";
      const attempt = async () => {
        const res = await this.fetchImpl(req.url, init);
        if (!res.ok) throw this.errorFor(endpoint, res.status, await res.text().catch(() => ""), res.headers.get("retry-after"));
        return read(res);
      };
      let result: T;
      try {
        result = await attempt();
      } catch (err) {
        // A kept-alive connection the server closed just as this request went out: a GET is safe to send once more.
        if (req.method !== "GET" || timedOut || signal?.aborted || !isStaleConnection(err)) throw err;
        result = await attempt();
      }
      holding = options.holdSignal === true;
      return result;
    } catch (err) {
      if (err instanceof WardApiError) throw err;
      if (timedOut) throw new WardConnectionError(`${endpointId}: no answer within ${timeoutMs} ms`, endpointId);
      if (signal?.aborted) throw new WardAbortError(`${endpointId} aborted`);
      if (err instanceof SyntaxError) throw new WardConnectionError(`${endpointId}: the answer is not JSON`, endpointId, err);
      throw new WardConnectionError(`${endpointId}: ${(err as Error).message ?? "request failed"}`, endpointId, err);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (!holding) signal?.removeEventListener("abort", onAbort);
    }
  }
}
