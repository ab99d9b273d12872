/**
 * Response shapes shared by several Client-Server endpoints, as the spec's
 * OpenAPI definitions describe them (`definitions/client_event.yaml`, ...).
 */
import type { JsonObject, JsonValue } from "../../json.js";

export type UnsignedData = {
  age?: number;
  redacted_because?: ClientEventWithoutRoomId;
  transaction_id?: string;
  prev_content?: JsonObject;
  replaces_state?: string;
  membership?: string;
  [extra: string]: JsonValue | ClientEventWithoutRoomId | undefined;
};

/** An event as /sync delivers it, inside a room whose ID is the map key. */
export type ClientEventWithoutRoomId = {
  event_id: string;
  type: string;
  state_key?: string;
  sender: string;
  origin_server_ts: number;
  content: JsonObject;
  unsigned?: UnsignedData;
};

/** An event as every other Client-Server endpoint delivers it. */
export type ClientEvent = ClientEventWithoutRoomId & { room_id: string };

/** State shown to invitees and in the space hierarchy: just enough to render the room. */
export type StrippedStateEvent = {
  type: string;
  state_key: string;
  content: JsonObject;
  sender: string;
};

/** Account data, presence and ephemeral events: only a type and content. */
export type BasicEvent = { type: string; content: JsonObject };

export type PushCondition = {
  kind: string;
  key?: string;
  pattern?: string;
  is?: string;
  value?: string | number | boolean | null;
};

/** A push action: "notify", or a tweak such as `{ "set_tweak": "highlight" }`. */
export type PushAction = string | JsonObject;

export type PushRule = {
  actions: PushAction[];
  default: boolean;
  enabled: boolean;
  rule_id: string;
  conditions?: PushCondition[];
  pattern?: string;
};

export type PushRuleKind = "override" | "content" | "room" | "sender" | "underride";

export type PushRuleset = { [K in PushRuleKind]?: PushRule[] };

/** A room in the public room directory. */
export type PublishedRoomsChunk = {
  canonical_alias?: string;
  name?: string;
  num_joined_members: number;
  room_id: string;
  topic?: string;
  world_readable: boolean;
  guest_can_join: boolean;
  avatar_url?: string;
  join_rule?: string;
  room_type?: string;
};

export type Device = {
  device_id: string;
  display_name?: string;
  last_seen_ip?: string;
  last_seen_ts?: number;
};

/** A user's profile fields; `m.tz` and custom keys ride along. */
export type ProfileFields = {
  displayname?: string;
  avatar_url?: string;
  "m.tz"?: string;
  [field: string]: JsonValue | undefined;
};
