/** Shared by the media HTTP tests: uploads, downloads and raw requests against a test homeserver. */
import { request as httpRequest } from "node:http";
import type { TestHomeserver, TestUser } from "../../helpers/homeserver.js";

export type Downloaded = { status: number; headers: Headers; bytes: Buffer; json: any };

export async function upload(hs: TestHomeserver, user: TestUser, bytes: Buffer, options: { type?: string; filename?: string } = {}): Promise<{ status: number; json: any }> {
  const query = options.filename !== undefined ? `?filename=${encodeURIComponent(options.filename)}` : "";
  const res = await fetch(`${hs.url}/_matrix/media/v3/upload${query}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${user.accessToken}`, "Content-Type": options.type ?? "application/octet-stream" },
    body: bytes,
  });
  return { status: res.status, json: await res.json() };
}

/** Uploads and returns the media ID (throws unless 200). */
export async function uploaded(hs: TestHomeserver, user: TestUser, bytes: Buffer, options: { type?: string; filename?: string } = {}): Promise<{ mediaId: string; uri: string; contentType: string }> {
  const res = await upload(hs, user, bytes, options);
  if (res.status !== 200) throw new Error(`upload: ${res.status} ${JSON.stringify(res.json)}`);
  const uri = res.json.content_uri as string;
  return { uri, mediaId: uri.slice(uri.lastIndexOf("/") + 1), contentType: res.json.content_type };
}

export async function get(hs: TestHomeserver, path: string, token: string | undefined, headers: Record<string, string> = {}): Promise<Downloaded> {
  const res = await fetch(hs.url + path, { headers: { ...(token && { Authorization: `Bearer ${token}` }), ...headers } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get("content-type") ?? "").includes("application/json") ? JSON.parse(bytes.toString()) : undefined;
  return { status: res.status, headers: res.headers, bytes, json };
}

export const downloadPath = (hs: TestHomeserver, mediaId: string, fileName?: string) =>
  `/_matrix/client/v1/media/download/${hs.config.serverName}/${mediaId}${fileName !== undefined ? `/${encodeURIComponent(fileName)}` : ""}`;

export const download = (hs: TestHomeserver, user: TestUser, mediaId: string, headers: Record<string, string> = {}) =>
  get(hs, downloadPath(hs, mediaId), user.accessToken, headers);

/** A request whose path goes out exactly as written (fetch would resolve "..", and encode what it dislikes). */
export function rawGet(hs: TestHomeserver, path: string, token: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(hs.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: "GET", headers: { Authorization: `Bearer ${token}`, Connection: "close" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * A streamed upload over node:http: `chunks` are produced one at a time
 * (never the whole body in memory), sent with the given headers (no
 * Content-Length: chunked). Resolves with the response as soon as it
 * arrives, even while the body is still being sent: a refusal comes early.
 */
export function streamUpload(
  hs: TestHomeserver,
  user: TestUser,
  chunks: () => Iterable<Buffer>,
  headers: Record<string, string | number> = {},
  path = "/_matrix/media/v3/upload",
): Promise<{ status: number; json: any }> {
  const { hostname, port } = new URL(hs.url);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      { host: hostname, port, path, method: path.includes("/upload/") ? "PUT" : "POST", headers: { Authorization: `Bearer ${user.accessToken}`, "Content-Type": "application/octet-stream", ...headers } },
      (res) => {
        answered = true;
        const body: Buffer[] = [];
        res.on("data", (c: Buffer) => body.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(body).toString() || "null") }));
        res.on("error", reject);
      },
    );
    // Once refused, the server closes the connection while we may still be writing: that is expected.
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    (async () => {
      for (const chunk of chunks()) {
        if (answered || req.destroyed) return;
        if (!req.write(chunk)) await new Promise<void>((resolve) => { req.once("drain", resolve); req.once("close", resolve); });
      }
      req.end();
    })().catch(reject);
  });
}
