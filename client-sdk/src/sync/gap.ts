/**
 * Filling the gap a limited /sync timeline leaves. When more happened in a
 * room since the last sync than one answer carries, the server says
 * `limited: true`; the events between the old token and the timeline's start
 * are fetched with /messages (from `prev_batch` back to the old `since`, which
 * Ward serves without gap or overlap), up to a bound, so a client that was
 * away (a bot during a restart) sees every event exactly once.
 */
import { clientMessages } from "@ward/protocol/endpoints";
import type { HttpClient } from "../http.js";
import type { RawEvent } from "../room-timeline.js";

export type GapFill = {
  /** The missing events, oldest first. */
  readonly events: RawEvent[];
  /** True when they are all of them; otherwise older ones remain before `backToken`. */
  readonly complete: boolean;
  readonly backToken: string | undefined;
};

const PAGE = 100;

export async function fillGap(http: HttpClient, roomId: string, from: string, to: string, max: number, signal: AbortSignal): Promise<GapFill> {
  const newestFirst: RawEvent[] = [];
  let token = from;
  while (newestFirst.length < max) {
    const limit = Math.min(PAGE, max - newestFirst.length);
    const res = await http.call(clientMessages.messages, { params: { roomId }, query: { dir: "b", from: token, to, limit } }, { signal });
    newestFirst.push(...res.chunk);
    if (res.end === undefined) return { events: newestFirst.reverse(), complete: true, backToken: undefined };
    token = res.end;
  }
  return { events: newestFirst.reverse(), complete: false, backToken: token };
}
