/**
 * The line between Ward's in-memory `RoomEvent` (a PDU plus the event ID Ward
 * computed) and the PDU bytes that hashes and signatures cover. In every room
 * version Ward supports the event ID is derived from the event, so it cannot
 * be part of what is hashed; a top-level `event_id` is left out of hashing
 * and signing unless the room version puts it in the PDU (v1-2 format, used
 * only by the spec's test vectors).
 */
import type { RoomVersion } from "../room-versions.js";
import type { Pdu, RoomEvent } from "./pdu.js";

/** The object that content hashes, reference hashes and signatures are computed over. */
export function hashable(pdu: object, version: RoomVersion): Record<string, unknown> {
  const obj = pdu as Record<string, unknown>;
  if (version.eventIdInPdu || !("event_id" in obj)) return obj;
  const { event_id: _id, ...rest } = obj;
  return rest;
}

/** The PDU to send over federation: the event without the `event_id` Ward keeps alongside it. */
export function toFederationPdu(event: RoomEvent | Pdu): Pdu {
  const { event_id: _id, ...rest } = event as Pdu & { event_id?: string };
  return rest;
}
