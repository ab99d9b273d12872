/**
 * Step 1 of the checks on receipt of a PDU: does the JSON have the shape its
 * room version requires (rooms/v10-v12 "Event format"; client-server API
 * "Size limits")? Ward builds its own events through the same check, so what
 * it sends is never something it would refuse.
 *
 * Unknown extra top-level keys are allowed: they are covered by the content
 * hash and dropped by redaction, as the spec intends.
 */
import { InvalidIdentifierError } from "../ids/errors.js";
import { isEventId } from "../ids/event-id.js";
import { isRoomIdValidForVersion, parseRoomId } from "../ids/room-id.js";
import { utf8ByteLength } from "../ids/text.js";
import { parseUserId } from "../ids/user-id.js";
import { canonicalJsonBytes, CanonicalJsonError } from "../json.js";
import type { RoomVersion } from "../room-versions.js";
import { EventFormatError } from "./errors.js";
import type { Pdu } from "./pdu.js";
import { toFederationPdu } from "./wire.js";

/** The largest PDU, as canonical JSON in federation format with signatures. */
export const MAX_PDU_BYTES = 65536;
/** `type` and `state_key` may not exceed this many bytes of UTF-8. */
export const MAX_TYPE_OR_STATE_KEY_BYTES = 255;
export const MAX_PREV_EVENTS = 20;
export const MAX_AUTH_EVENTS = 10;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function bad(field: string, problem: string): EventFormatError {
  return new EventFormatError("bad_field", `${field}: ${problem}`);
}

function checkShortString(obj: Obj, field: string): void {
  const value = obj[field];
  if (typeof value !== "string") throw bad(field, "must be a string");
  if (utf8ByteLength(value) > MAX_TYPE_OR_STATE_KEY_BYTES) throw bad(field, `must not exceed ${MAX_TYPE_OR_STATE_KEY_BYTES} bytes`);
}

function checkIdentifier(field: string, parse: () => unknown): void {
  try {
    parse();
  } catch (e) {
    if (e instanceof InvalidIdentifierError) throw bad(field, e.message);
    throw e;
  }
}

function checkEventIdList(obj: Obj, field: string, max: number): void {
  const list = obj[field];
  if (!Array.isArray(list)) throw bad(field, "must be an array of event IDs");
  if (list.length > max) throw bad(field, `must not list more than ${max} events, got ${list.length}`);
  list.forEach((id, i) => {
    if (!isEventId(id)) throw bad(`${field}[${i}]`, `${JSON.stringify(id)} is not an event ID`);
  });
}

function checkInteger(obj: Obj, field: string, min: number): void {
  const value = obj[field];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw bad(field, `must be an integer between ${min === 0 ? "0" : "-(2**53 - 1)"} and 2**53 - 1`);
  }
}

function checkRoomId(obj: Obj, version: RoomVersion): void {
  const isV12Create = version.roomIdFromCreateEvent && obj.type === "m.room.create";
  if (isV12Create) {
    if (obj.room_id !== undefined) throw new EventFormatError("unexpected_field", "room_id: a room version 12 m.room.create event has none");
    return;
  }
  checkIdentifier("room_id", () => {
    const roomId = parseRoomId(obj.room_id);
    if (!isRoomIdValidForVersion(roomId, version)) {
      throw new InvalidIdentifierError("room_id", "bad_hash", `${roomId} is not the room ID form room version ${version.id} uses`);
    }
  });
}

function checkSignatures(value: unknown): void {
  if (!isObject(value)) throw bad("signatures", "must be an object");
  for (const [server, byKey] of Object.entries(value)) {
    if (!isObject(byKey) || !Object.values(byKey).every((s) => typeof s === "string")) {
      throw bad(`signatures.${server}`, "must map key IDs to strings");
    }
  }
}

/**
 * Checks a received (or built) PDU against its room version's event format and
 * returns it typed. Throws `EventFormatError` naming the first bad field.
 * Signatures and hashes are only checked for shape here; see `checkReceivedPdu`.
 */
export function parsePdu(json: unknown, version: RoomVersion): Pdu {
  if (!isObject(json)) throw bad("event", "must be a JSON object");
  checkShortString(json, "type");
  checkRoomId(json, version);
  checkIdentifier("sender", () => parseUserId(json.sender));
  if (json.state_key !== undefined) checkShortString(json, "state_key");
  if (!isObject(json.content)) throw bad("content", "must be an object");
  checkInteger(json, "origin_server_ts", Number.MIN_SAFE_INTEGER);
  checkInteger(json, "depth", 0);
  checkEventIdList(json, "prev_events", MAX_PREV_EVENTS);
  checkEventIdList(json, "auth_events", MAX_AUTH_EVENTS);
  if (!isObject(json.hashes) || typeof json.hashes.sha256 !== "string") throw bad("hashes.sha256", "must be a string");
  checkSignatures(json.signatures);
  if (json.unsigned !== undefined && !isObject(json.unsigned)) throw bad("unsigned", "must be an object");
  if (json.redacts !== undefined && typeof json.redacts !== "string") throw bad("redacts", "must be a string");
  let size: number;
  try {
    size = canonicalJsonBytes(version.eventIdInPdu ? json : toFederationPdu(json as Pdu)).length;
  } catch (e) {
    if (e instanceof CanonicalJsonError) throw new EventFormatError("not_canonical", `event is not canonical JSON: ${e.message}`);
    throw e;
  }
  if (size > MAX_PDU_BYTES) throw new EventFormatError("too_large", `event is ${size} bytes; the limit is ${MAX_PDU_BYTES}`);
  return json as Pdu;
}
