/** Shared by the receipt tests: the two endpoints, the m.receipt of a /sync room, and a record of bus wake-ups. */
import type { StreamWake } from "../../../src/bus/bus.js";
import type { TestHomeserver, TestUser } from "../../helpers/homeserver.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { roomPath } from "./room-helpers.js";
import type { SyncResponse } from "./sync-fixtures.js";

export const RECEIPT = "/rooms/{roomId}/receipt/{receiptType}/{eventId}";
export const READ_MARKERS = "/rooms/{roomId}/read_markers";

/** Many requests in a row: the rate limiter is not what these tests are about. */
export const NO_RATE_LIMITS = { rateLimits: { enabled: false, perSecond: 10, burst: 50 } };

/** Compiling the spec's schemas mid-test can outlast the server's keep-alive (see room-helpers.ts): do it first. */
export function compileReceiptSchemas(): void {
  validateResponse("POST", RECEIPT, 200, {});
  validateResponse("POST", READ_MARKERS, 200, {});
  validateResponse("GET", "/sync", 200, {});
  validateError({});
}

export function postReceipt(hs: TestHomeserver, user: TestUser, roomId: string, receiptType: string, eventId: string, body: unknown = {}) {
  return hs.request("POST", roomPath(roomId, `/receipt/${encodeURIComponent(receiptType)}/${encodeURIComponent(eventId)}`), { token: user.accessToken, body });
}

export function postReadMarkers(hs: TestHomeserver, user: TestUser, roomId: string, body: unknown) {
  return hs.request("POST", roomPath(roomId, "/read_markers"), { token: user.accessToken, body });
}

/** The content of the room's m.receipt event in a /sync response, undefined when there is none. */
export function receiptOf(res: SyncResponse, roomId: string): Record<string, unknown> | undefined {
  const events = res.rooms?.join?.[roomId]?.ephemeral?.events ?? [];
  const receipts = events.filter((e) => e.type === "m.receipt");
  if (receipts.length > 1) throw new Error("more than one m.receipt in a room");
  return receipts[0]?.content;
}

export function unreadOf(res: SyncResponse, roomId: string) {
  return res.rooms?.join?.[roomId]?.unread_notifications;
}

/** Records the stream wake-ups published on the bus from now on. */
export function recordWakes(hs: TestHomeserver): { wakes: StreamWake[]; stop: () => void } {
  const wakes: StreamWake[] = [];
  const stop = hs.context.bus.subscribe((m) => {
    if (m.kind === "stream") wakes.push(m);
  });
  return { wakes, stop };
}

/** A thread reply to `rootId`, as clients send it. */
export function threadReply(rootId: string, body: string): Record<string, unknown> {
  return { msgtype: "m.text", body, "m.relates_to": { rel_type: "m.thread", event_id: rootId, is_falling_back: true, "m.in_reply_to": { event_id: rootId } } };
}
