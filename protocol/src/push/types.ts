/**
 * Data shapes of the push rules module (client-server API, "Push Notifications").
 * They mirror the JSON clients see from GET /pushrules/global/, so a ruleset can
 * be served, stored and evaluated without conversion.
 */
import type { JsonObject, JsonValue } from "../json.js";

/** The five kinds, in the order they are checked. */
export const RULE_KINDS = ["override", "content", "room", "sender", "underride"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** The non-compound canonical JSON values that event_property_is/contains compare. */
export type PushScalar = string | number | boolean | null;

export type EventMatchCondition = { kind: "event_match"; key: string; pattern: string };
export type EventPropertyIsCondition = { kind: "event_property_is"; key: string; value: PushScalar };
export type EventPropertyContainsCondition = { kind: "event_property_contains"; key: string; value: PushScalar };
export type ContainsDisplayNameCondition = { kind: "contains_display_name" };
export type RoomMemberCountCondition = { kind: "room_member_count"; is: string };
export type SenderNotificationPermissionCondition = { kind: "sender_notification_permission"; key: string };
/** A condition kind Ward does not know. It is kept (clients may rely on it) but never matches. */
export type UnknownPushCondition = { kind: string; [param: string]: JsonValue };

export type PushCondition =
  | EventMatchCondition
  | EventPropertyIsCondition
  | EventPropertyContainsCondition
  | ContainsDisplayNameCondition
  | RoomMemberCountCondition
  | SenderNotificationPermissionCondition
  | UnknownPushCondition;

export type SoundTweak = { set_tweak: "sound"; value: string };
/** A highlight tweak without `value` means `true`. */
export type HighlightTweak = { set_tweak: "highlight"; value?: boolean };
/** Tweaks pass through to the push gateway untouched. */
export type CustomTweak = { set_tweak: string; value?: JsonValue };
export type SetTweakAction = SoundTweak | HighlightTweak | CustomTweak;

/** Removed from the spec; still accepted on input and stripped, never acted on. */
export type HistoricalPushAction = "dont_notify" | "coalesce";
export type PushAction = "notify" | HistoricalPushAction | SetTweakAction;

export type PushRule = {
  rule_id: string;
  /** True for server-default rules (IDs starting with "."). */
  default: boolean;
  enabled: boolean;
  actions: PushAction[];
  /** override and underride rules only. */
  conditions?: PushCondition[];
  /** content rules only. */
  pattern?: string;
};

export type PushRuleset = {
  override: PushRule[];
  content: PushRule[];
  room: PushRule[];
  sender: PushRule[];
  underride: PushRule[];
};

/** An event in client shape; any other top-level field can be reached through dotted keys. */
export type PushEvent = {
  type: string;
  sender: string;
  room_id: string;
  content: JsonObject;
  state_key?: string;
  [key: string]: JsonValue | undefined;
};

/** Facts about the room and the recipient that the rules need but the event does not carry. */
export type PushContext = {
  /** The user whose rules are being evaluated. */
  userId: string;
  /** The user's display name in this room, if any. */
  displayName?: string;
  /** Joined members of the room. */
  roomMemberCount: number;
  senderPowerLevel: number;
  /** `content.notifications` of the room's m.room.power_levels; `room` defaults to 50 when absent. */
  notificationPowerLevels: Record<string, number>;
};

export function emptyPushRuleset(): PushRuleset {
  return { override: [], content: [], room: [], sender: [], underride: [] };
}
