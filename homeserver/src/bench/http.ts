/**
 * The harness's transport: node:http over a keep-alive agent per server, with
 * no cap on sockets, so N concurrent callers get N connections that stay open
 * (1,000 parked long-polls hold 1,000) and no request waits for the pool.
 * node:http rather than fetch: fetch's web streams cost the harness several
 * times more CPU per request, and the harness must not be the bottleneck.
 * What to send (path, query, headers, body) comes from the client-sdk
 * (client.ts); this only carries it.
 */
import { Agent, request as httpRequest, type IncomingMessage } from "node:http";

export type HttpResponse = { status: number; text: string };

export type RequestOptions = {
  headers?: Record<string, string>;
  body?: Uint8Array | string | undefined;
  /** Abandons the request (a long-poll no longer needed). */
  signal?: AbortSignal | undefined;
};

export class HttpEndpoint {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 4096, scheduling: "lifo" });
  /** Retries: always a new connection, closed after its one request. */
  private readonly freshAgent = new Agent({ keepAlive: false, maxSockets: Infinity });
  private readonly host: string;
  private readonly port: number;

  constructor(readonly url: string) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  /** The whole response body as text. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const res = await this.send(method, path, options);
    const chunks: Buffer[] = [];
    await read(res, (chunk) => chunks.push(chunk));
    return { status: res.statusCode ?? 0, text: chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8") };
  }

  /** Reads the body without keeping it: how many bytes came. */
  async drain(method: string, path: string, options: RequestOptions = {}): Promise<{ status: number; bytes: number }> {
    const res = await this.send(method, path, options);
    let bytes = 0;
    await read(res, (chunk) => (bytes += chunk.length));
    return { status: res.statusCode ?? 0, bytes };
  }

  close(): void {
    this.agent.destroy();
    this.freshAgent.destroy();
  }

  /**
   * One request. A keep-alive socket the server closed just as it was reused
   * fails with ECONNRESET before anything was processed: that (and only
   * that) is retried once, as Node's documentation recommends, on a new
   * connection: after a pause longer than the server's keep-alive timeout
   * every idle socket in the pool is stale, and a retry on the next one
   * failed the same way (fan-out, between two runs).
   */
  private async send(method: string, path: string, options: RequestOptions, retried = false): Promise<IncomingMessage> {
    const headers: Record<string, string | number> = { ...options.headers };
    const body = typeof options.body === "string" ? Buffer.from(options.body) : options.body;
    if (body) headers["content-length"] = body.length;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(
        { host: this.host, port: this.port, method, path, headers, agent: retried ? this.freshAgent : this.agent, ...(options.signal ? { signal: options.signal } : {}) },
        resolve,
      );
      req.on("error", (err: NodeJS.ErrnoException) => {
        if (!retried && req.reusedSocket && err.code === "ECONNRESET") resolve(this.send(method, path, options, true));
        else reject(new Error(`${method} ${path.split("?")[0]}: ${err.message}`));
      });
      req.end(body);
    });
  }
}

/** Plain data/end events: cheaper for the harness than async iteration over the stream. */
function read(res: IncomingMessage, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    res.on("data", onChunk);
    res.once("end", resolve);
    res.once("error", reject);
  });
}
