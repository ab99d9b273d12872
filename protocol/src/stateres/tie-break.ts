import { compareCodePoints } from "../json.js";
import type { RoomEvent } from "../events/pdu.js";

/**
 * The last two tie-breaks shared by the reverse topological power ordering and
 * the mainline ordering: earlier `origin_server_ts` first, then the smaller
 * event ID. Event IDs compare by Unicode code point so every implementation,
 * whatever its native string order, agrees.
 */
export function compareTimestampThenId(a: RoomEvent, b: RoomEvent): number {
  if (a.origin_server_ts !== b.origin_server_ts) return a.origin_server_ts < b.origin_server_ts ? -1 : 1;
  return compareCodePoints(a.event_id, b.event_id);
}
