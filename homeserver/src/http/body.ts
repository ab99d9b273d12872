/**
 * Reads and parses a JSON request body, per route (a media upload reads its
 * own raw bytes instead). The Client-Server API takes a JSON object on every
 * POST and PUT (an empty body counts as `{}`); DELETE may carry one too
 * (user-interactive auth). GET bodies are never read.
 *
 *   too big (Content-Length or actual bytes)   413 M_TOO_LARGE
 *   not UTF-8, not JSON, or JSON but no object  400 M_NOT_JSON
 */
import getRawBody from "raw-body";
import type { WardContext } from "./context.js";
import { MatrixError, notJson, tooLarge } from "./matrix-error.js";

const METHODS_WITH_BODY = new Set(["POST", "PUT", "DELETE"]);
const utf8 = new TextDecoder("utf-8", { fatal: true });

export const DEFAULT_JSON_LIMIT = 1024 * 1024;

/** Parses the body into ctx.state.body; leaves it undefined for methods without one. */
export async function readJsonBody(ctx: WardContext, limit: number): Promise<void> {
  if (!METHODS_WITH_BODY.has(ctx.method)) return;
  const encoding = (ctx.get("Content-Encoding") || "identity").toLowerCase();
  if (encoding !== "identity") throw notJson(`Content-Encoding '${encoding}' is not supported; send the JSON uncompressed`);
  const bytes = await readRaw(ctx, limit);
  if (bytes.length === 0) {
    ctx.state.body = {};
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    throw notJson("Request body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw notJson("Request body must be a JSON object");
  ctx.state.body = value;
}

async function readRaw(ctx: WardContext, limit: number): Promise<Buffer> {
  const declared = ctx.get("Content-Length");
  try {
    return await getRawBody(ctx.req, { limit, ...(declared ? { length: declared } : {}) });
  } catch (err) {
    const type = (err as { type?: unknown }).type;
    if (type === "entity.too.large") {
      // The rest of the body is not read; the connection cannot carry another request.
      ctx.set("Connection", "close");
      throw tooLarge(`Request body is larger than ${limit} bytes`);
    }
    if (type === "request.size.invalid") throw notJson("Request body is shorter or longer than its Content-Length");
    if (type === "request.aborted") throw new MatrixError(400, "M_UNKNOWN", "Request body was not completely sent");
    throw err;
  }
}
