/**
 * Content hashes, reference hashes, event IDs and v12 room IDs
 * (server-server API, "Calculating the content hash for an event" and
 * "Calculating the reference hash for an event"; rooms/v4 "Event IDs";
 * rooms/v12 room IDs).
 *
 * - The content hash covers the whole event, so a changed or dropped
 *   non-essential key is noticed; it is stored in `hashes.sha256` and is itself
 *   covered by the signature and the reference hash.
 * - The reference hash covers the redacted event, so an event keeps its ID
 *   when it is redacted.
 */
import { encodeUnpaddedBase64 } from "../base64.js";
import { eventIdFromReferenceHash, type EventId } from "../ids/event-id.js";
import { roomIdFromCreateEventId, type RoomId } from "../ids/room-id.js";
import { canonicalJsonBytes } from "../json.js";
import { ROOM_VERSIONS, type RoomVersion } from "../room-versions.js";
import { decodeBase64IgnoringTrailingBits } from "../signing/lenient-base64.js";
import { sha256 } from "../sodium.js";
import { EventFormatError } from "./errors.js";
import { redactPdu } from "./redaction.js";
import { hashable } from "./wire.js";

/** SHA-256 of the canonical event without `unsigned`, `signatures` and `hashes`. */
export function contentHashBytes(pdu: object, version: RoomVersion): Uint8Array {
  const { unsigned: _u, signatures: _s, hashes: _h, ...rest } = hashable(pdu, version);
  return sha256(canonicalJsonBytes(rest));
}

/** The content hash as it is written in `hashes.sha256` (unpadded base64). */
export function computeContentHash(pdu: object, version: RoomVersion): string {
  return encodeUnpaddedBase64(contentHashBytes(pdu, version));
}

/**
 * Whether `hashes.sha256` matches the event. False also when it is missing
 * or not base64: either way the spec's answer is to use the redacted event.
 */
export function checkContentHash(pdu: object, version: RoomVersion): boolean {
  const hashes = (pdu as { hashes?: unknown }).hashes;
  const claimed = typeof hashes === "object" && hashes !== null ? (hashes as { sha256?: unknown }).sha256 : undefined;
  if (typeof claimed !== "string") return false;
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64IgnoringTrailingBits(claimed);
  } catch {
    return false;
  }
  const actual = contentHashBytes(pdu, version);
  return bytes.length === actual.length && bytes.every((b, i) => b === actual[i]);
}

/** SHA-256 of the canonical redacted event without `signatures` and `unsigned`. */
export function referenceHash(pdu: object, version: RoomVersion): Uint8Array {
  const { signatures: _s, unsigned: _u, ...rest } = redactPdu(hashable(pdu, version), version);
  return sha256(canonicalJsonBytes(rest));
}

/** `$` + URL-safe unpadded base64 of the reference hash (the event ID form of room versions 4+). */
export function computeEventId(pdu: object, version: RoomVersion): EventId {
  return eventIdFromReferenceHash(referenceHash(pdu, version));
}

/**
 * The room ID a room version 12 `m.room.create` event defines: its event ID
 * with `!` instead of `$`. The event must not carry a `room_id`.
 */
export function computeRoomIdV12(createPdu: object, version: RoomVersion = ROOM_VERSIONS["12"]): RoomId {
  const obj = createPdu as Record<string, unknown>;
  if (!version.roomIdFromCreateEvent) {
    throw new EventFormatError("unexpected_field", `room version ${version.id} does not derive room IDs from the create event`);
  }
  if (obj.type !== "m.room.create") throw new EventFormatError("bad_field", `expected an m.room.create event, got type ${JSON.stringify(obj.type)}`);
  if (obj.room_id !== undefined) throw new EventFormatError("unexpected_field", "a room version 12 m.room.create event has no room_id");
  return roomIdFromCreateEventId(computeEventId(obj, version));
}
