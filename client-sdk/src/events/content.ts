/**
 * Content of the event types Ward uses, after the Matrix spec's event
 * schemas (data/event-schemas). Fields the spec makes optional, or that
 * redaction removes, are optional here too.
 */
import type { JsonObject } from "@ward/protocol";

export type Mentions = { user_ids?: string[]; room?: boolean };

export type InReplyTo = { "m.in_reply_to": { event_id: string } };
export type Replacement = { rel_type: "m.replace"; event_id: string };
export type Annotation = { rel_type: "m.annotation"; event_id: string; key: string };
/** Threads and any relation this SDK does not model. */
export type OtherRelation = { rel_type: string; event_id: string; "m.in_reply_to"?: { event_id: string } };
export type RelatesTo = InReplyTo | Replacement | OtherRelation;

/** What every message has. */
export type MessageBase = {
  body: string;
  "m.mentions"?: Mentions;
  "m.relates_to"?: RelatesTo;
};

/** `m.text`, `m.notice`, `m.emote`, optionally with HTML (`format: "org.matrix.custom.html"`). */
export type TextMessageContent = MessageBase & {
  msgtype: "m.text" | "m.notice" | "m.emote";
  format?: "org.matrix.custom.html";
  formatted_body?: string;
  /** On an edit: the whole new content the edit puts in place. */
  "m.new_content"?: TextMessageContent;
};

export type FileInfo = { mimetype?: string; size?: number; w?: number; h?: number; duration?: number };

/** Attachments: `client.media.upload` gives the `url`, `room.sendFile` builds the rest (content/file.ts). */
export type FileMessageContent = MessageBase & {
  msgtype: "m.file" | "m.image" | "m.video" | "m.audio";
  url: string;
  filename?: string;
  info?: FileInfo;
};

/** A redacted message keeps no content at all. */
export type RedactedMessageContent = {
  msgtype?: undefined;
  body?: undefined;
  "m.mentions"?: undefined;
  "m.relates_to"?: undefined;
  "m.new_content"?: undefined;
};

/** Messages of another msgtype (m.location, custom ones) arrive as unknown events, whole. */
export type MessageContent = TextMessageContent | FileMessageContent | RedactedMessageContent;

export type Membership = "join" | "invite" | "leave" | "ban" | "knock";

export type MemberContent = {
  membership: Membership;
  displayname?: string | null;
  avatar_url?: string | null;
  reason?: string;
  is_direct?: boolean;
};

export type NameContent = { name?: string };
export type TopicContent = { topic?: string };
export type AvatarContent = { url?: string };
export type CanonicalAliasContent = { alias?: string | null; alt_aliases?: string[] };

export type CreateContent = {
  creator?: string;
  room_version?: string;
  type?: string;
  "m.federate"?: boolean;
  predecessor?: { room_id: string; event_id?: string };
  /** Ward's mark of what the room is: a direct conversation (with its fixed members) or a channel. */
  "org.ward.messenger"?: { kind: "direct"; members?: string[] } | { kind: "channel" };
};

export type PowerLevelsContent = {
  ban?: number;
  events?: Record<string, number>;
  events_default?: number;
  invite?: number;
  kick?: number;
  redact?: number;
  state_default?: number;
  users?: Record<string, number>;
  users_default?: number;
  notifications?: { room?: number };
};

export type JoinRulesContent = { join_rule: "public" | "invite" | "knock" | "restricted" | "knock_restricted" | "private"; allow?: JsonObject[] };
export type HistoryVisibilityContent = { history_visibility: "invited" | "joined" | "shared" | "world_readable" };

export type ReactionContent = { "m.relates_to"?: Annotation };

/** Since room version 11 `redacts` is in the content; the SDK moves it there for older rooms too. */
export type RedactionContent = { redacts?: string; reason?: string };
