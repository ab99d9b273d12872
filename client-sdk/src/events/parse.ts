/**
 * From the server's JSON to a typed RoomEvent. Content is written by other
 * clients, so the SDK checks the fields it promises in the types before it
 * hands an event over as typed; anything else stays an UnknownRoomEvent.
 */
import type { JsonObject, JsonValue } from "@ward/protocol";
import type { clientTypes } from "@ward/protocol/endpoints";
import type { RoomEvent, UnknownRoomEvent } from "./types.js";

export type ParsedEvent = { readonly known: true; readonly event: RoomEvent } | { readonly known: false; readonly event: UnknownRoomEvent };

/** An event as the server sends it (`redacts` at the top level in room versions before 11). */
export type RawClientEvent = clientTypes.ClientEventWithoutRoomId & { redacts?: string };

const isString = (v: JsonValue | undefined): v is string => typeof v === "string";
const optional = (v: JsonValue | undefined, check: (v: JsonValue) => boolean) => v === undefined || check(v);
const optionalString = (v: JsonValue | undefined) => optional(v, (x) => typeof x === "string");
const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const oneOf = (values: readonly string[]) => (v: JsonValue | undefined) => typeof v === "string" && values.includes(v);

const TEXT_TYPES = ["m.text", "m.notice", "m.emote"];
const FILE_TYPES = ["m.file", "m.image", "m.video", "m.audio"];

function isMessage(c: JsonObject): boolean {
  if (Object.keys(c).length === 0) return true; // redacted
  if (!isString(c.body) || !optional(c["m.mentions"], isObject) || !optional(c["m.relates_to"], isObject)) return false;
  if (oneOf(TEXT_TYPES)(c.msgtype)) {
    return optional(c.format, oneOf(["org.matrix.custom.html"])) && optionalString(c.formatted_body) && optional(c["m.new_content"], isObject);
  }
  return oneOf(FILE_TYPES)(c.msgtype) && isString(c.url) && optionalString(c.filename) && optional(c.info, isObject);
}

function isReaction(c: JsonObject): boolean {
  const rel = c["m.relates_to"];
  if (rel === undefined) return true; // redacted
  return isObject(rel) && rel.rel_type === "m.annotation" && isString(rel.event_id) && isString(rel.key);
}

/** Content checks for each typed event type; state types also need a state key. */
const CHECKS: Record<string, { state: boolean; content: (c: JsonObject) => boolean }> = {
  "m.room.message": { state: false, content: isMessage },
  "m.reaction": { state: false, content: isReaction },
  "m.room.redaction": { state: false, content: (c) => optionalString(c.redacts) && optionalString(c.reason) },
  "m.room.member": { state: true, content: (c) => oneOf(["join", "invite", "leave", "ban", "knock"])(c.membership) },
  "m.room.name": { state: true, content: (c) => optionalString(c.name) },
  "m.room.topic": { state: true, content: (c) => optionalString(c.topic) },
  "m.room.avatar": { state: true, content: (c) => optionalString(c.url) },
  "m.room.canonical_alias": { state: true, content: (c) => optional(c.alias, (a) => a === null || typeof a === "string") },
  "m.room.create": { state: true, content: (c) => optionalString(c.creator) && optionalString(c.room_version) },
  "m.room.power_levels": { state: true, content: (c) => optional(c.users, isObject) && optional(c.events, isObject) },
  "m.room.join_rules": { state: true, content: (c) => oneOf(["public", "invite", "knock", "restricted", "knock_restricted", "private"])(c.join_rule) },
  "m.room.history_visibility": { state: true, content: (c) => oneOf(["invited", "joined", "shared", "world_readable"])(c.history_visibility) },
};

/** Types the SDK knows, for callers that route by type before parsing. */
export function isTypedEventType(type: string): boolean {
  return Object.hasOwn(CHECKS, type);
}

export function parseRoomEvent(raw: RawClientEvent, roomId: string): ParsedEvent {
  let content = raw.content;
  // Room versions before 11 keep `redacts` at the top level; the typed event has it in content always.
  if (raw.type === "m.room.redaction" && content.redacts === undefined && typeof raw.redacts === "string") {
    content = { ...content, redacts: raw.redacts };
  }
  const event = {
    type: raw.type,
    content,
    event_id: raw.event_id,
    room_id: roomId,
    sender: raw.sender,
    origin_server_ts: raw.origin_server_ts,
    ...(raw.state_key !== undefined ? { state_key: raw.state_key } : {}),
    ...(raw.unsigned !== undefined ? { unsigned: raw.unsigned } : {}),
  };
  const check = Object.hasOwn(CHECKS, raw.type) ? CHECKS[raw.type] : undefined;
  const fits = check !== undefined && isObject(content) && check.state === (typeof raw.state_key === "string") && check.content(content);
  return fits ? { known: true, event: event as RoomEvent } : { known: false, event };
}

/** True for state events (they carry a state key), typed or not. */
export function isStateEvent(event: RoomEvent | UnknownRoomEvent): boolean {
  return "state_key" in event && typeof event.state_key === "string";
}
