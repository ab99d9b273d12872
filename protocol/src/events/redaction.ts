/**
 * The redaction algorithms (rooms/v9 "Redactions" for room version 10, rooms/v11
 * "Redactions" for 11 and 12): which keys of an event survive redaction. The
 * same algorithm decides what signatures and reference hashes cover, so a
 * single wrong key here changes event IDs and breaks federation.
 *
 * Results share nested values with the input (events are treated as
 * immutable); the top-level object and `content` are always new.
 */
import type { JsonObject } from "../json.js";
import type { RoomVersion } from "../room-versions.js";

const V9_TOP_LEVEL: ReadonlySet<string> = new Set([
  "event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures",
  "depth", "prev_events", "prev_state", "auth_events", "origin", "origin_server_ts", "membership",
]);

// v11 stops protecting `origin`, `membership` and `prev_state`.
const V11_TOP_LEVEL: ReadonlySet<string> = new Set([
  "event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures",
  "depth", "prev_events", "auth_events", "origin_server_ts",
]);

type ContentRule = readonly string[] | "all";

const V9_CONTENT: Readonly<Record<string, ContentRule>> = {
  "m.room.member": ["membership", "join_authorised_via_users_server"],
  "m.room.create": ["creator"],
  "m.room.join_rules": ["join_rule", "allow"],
  "m.room.power_levels": ["ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default"],
  "m.room.history_visibility": ["history_visibility"],
};

const V11_CONTENT: Readonly<Record<string, ContentRule>> = {
  "m.room.member": ["membership", "join_authorised_via_users_server"],
  "m.room.create": "all",
  "m.room.join_rules": ["join_rule", "allow"],
  "m.room.power_levels": ["ban", "events", "events_default", "invite", "kick", "redact", "state_default", "users", "users_default"],
  "m.room.history_visibility": ["history_visibility"],
  "m.room.redaction": ["redacts"],
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function own(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** The top-level keys the version's algorithm keeps. */
export function redactionKeepsTopLevel(key: string, version: RoomVersion): boolean {
  return (version.redaction === "v11" ? V11_TOP_LEVEL : V9_TOP_LEVEL).has(key);
}

/** What is left of an event's `content` after redaction. Non-object content becomes `{}`. */
export function redactContent(type: unknown, content: unknown, version: RoomVersion): JsonObject {
  const out: JsonObject = {};
  if (!isObject(content) || typeof type !== "string") return out;
  const rules = version.redaction === "v11" ? V11_CONTENT : V9_CONTENT;
  const rule = own(rules, type) ? rules[type] : undefined;
  if (rule === undefined) return out;
  if (rule === "all") return { ...(content as JsonObject) };
  for (const key of rule) if (own(content, key)) out[key] = content[key] as JsonObject[string];
  // v11: a third-party-invite join keeps only the `signed` block, which the auth rules check.
  if (version.redaction === "v11" && type === "m.room.member" && isObject(content.third_party_invite)) {
    const invite = content.third_party_invite;
    out.third_party_invite = own(invite, "signed") ? { signed: invite.signed as JsonObject[string] } : {};
  }
  return out;
}

/**
 * Redacts an event (PDU or `RoomEvent`) following the room version's
 * algorithm. `unsigned` is removed like any other unlisted key; a server
 * serving the result to clients adds `unsigned.redacted_because` itself.
 * Typed as the input because every required key of `Pdu` and `RoomEvent`
 * survives redaction.
 */
export function redactPdu<T extends object>(pdu: T, version: RoomVersion): T {
  const obj = pdu as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    if (redactionKeepsTopLevel(key, version) && key !== "content") out[key] = obj[key];
  }
  out.content = redactContent(obj.type, obj.content, version);
  return out as T;
}
