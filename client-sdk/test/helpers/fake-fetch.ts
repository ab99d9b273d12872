/**
 * A fetch that answers from a script, for what a real server will not do on
 * demand (429s, 5xx, lost connections). Each call takes the next step; the
 * calls are recorded with their parsed URL.
 */
import type { FetchLike } from "../../src/index.js";

export type Call = { url: URL; init: RequestInit };
export type Step = (call: Call) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export const syncAnswer = (nextBatch: string, rooms: object = {}) => () => json(200, { next_batch: nextBatch, rooms });

/** Never answers; rejects when the request is aborted, as fetch does. */
export const hang: Step = ({ init }) =>
  new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));

export function scriptedFetch(steps: Step[], after: Step = hang): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (input, init) => {
    const call = { url: new URL(input), init };
    calls.push(call);
    const step = steps.shift() ?? after;
    return step(call);
  };
  return { fetch, calls };
}
