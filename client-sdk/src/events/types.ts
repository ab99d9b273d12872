/**
 * Room events as a discriminated union on `type`: after
 * `if (event.type === "m.room.message")` the compiler knows `event.content`
 * is a MessageContent. Events of other types, or whose content does not fit
 * the type (another client's bug), are UnknownRoomEvents and travel apart
 * ("unknownEvent"), because a catch-all member with `type: string` would stop
 * the union from narrowing.
 */
import type { JsonObject } from "@ward/protocol";
import type { clientTypes } from "@ward/protocol/endpoints";
import type {
  AvatarContent,
  CanonicalAliasContent,
  CreateContent,
  HistoryVisibilityContent,
  JoinRulesContent,
  MemberContent,
  MessageContent,
  NameContent,
  PowerLevelsContent,
  ReactionContent,
  RedactionContent,
  TopicContent,
} from "./content.js";

export type UnsignedData = clientTypes.UnsignedData;

/** The fields every room event has; `T` is its type, `C` its content. */
export type EventEnvelope<T extends string, C> = {
  readonly type: T;
  readonly content: C;
  readonly event_id: string;
  readonly room_id: string;
  readonly sender: string;
  readonly origin_server_ts: number;
  readonly unsigned?: UnsignedData;
};

/** A state event: an envelope with a state key. */
export type StateEventEnvelope<T extends string, C> = EventEnvelope<T, C> & { readonly state_key: string };

export type MessageEvent = EventEnvelope<"m.room.message", MessageContent>;
export type ReactionEvent = EventEnvelope<"m.reaction", ReactionContent>;
export type RedactionEvent = EventEnvelope<"m.room.redaction", RedactionContent>;

export type MemberEvent = StateEventEnvelope<"m.room.member", MemberContent>;
export type NameEvent = StateEventEnvelope<"m.room.name", NameContent>;
export type TopicEvent = StateEventEnvelope<"m.room.topic", TopicContent>;
export type AvatarEvent = StateEventEnvelope<"m.room.avatar", AvatarContent>;
export type CanonicalAliasEvent = StateEventEnvelope<"m.room.canonical_alias", CanonicalAliasContent>;
export type CreateEvent = StateEventEnvelope<"m.room.create", CreateContent>;
export type PowerLevelsEvent = StateEventEnvelope<"m.room.power_levels", PowerLevelsContent>;
export type JoinRulesEvent = StateEventEnvelope<"m.room.join_rules", JoinRulesContent>;
export type HistoryVisibilityEvent = StateEventEnvelope<"m.room.history_visibility", HistoryVisibilityContent>;

export type StateEvent =
  | MemberEvent
  | NameEvent
  | TopicEvent
  | AvatarEvent
  | CanonicalAliasEvent
  | CreateEvent
  | PowerLevelsEvent
  | JoinRulesEvent
  | HistoryVisibilityEvent;

/** Every room event type the SDK types. */
export type RoomEvent = MessageEvent | ReactionEvent | RedactionEvent | StateEvent;

export type RoomEventType = RoomEvent["type"];

/** The event of type `T`: `EventOfType<"m.room.member">` is MemberEvent. */
export type EventOfType<T extends RoomEventType> = Extract<RoomEvent, { type: T }>;

/** An event the SDK does not type, as the server sent it. */
export type UnknownRoomEvent = EventEnvelope<string, JsonObject> & { readonly state_key?: string };

/** Account data, typing, receipts: only a type and content. */
export type BasicEvent = { readonly type: string; readonly content: JsonObject };
