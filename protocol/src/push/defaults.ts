/**
 * The server-default ("predefined") push rules of Matrix v1.16, in the spec's
 * order. Every call builds fresh objects so callers may edit the result.
 *
 * v1.17 removed the three legacy body-mention rules (contains_display_name,
 * contains_user_name, roomnotif); v1.16, which Ward follows, still lists them
 * as deprecated rules that apply only to events without `m.mentions`.
 */
import type { PushAction, PushCondition, PushRule, PushRuleset } from "./types.js";

export const MASTER_RULE_ID = ".m.rule.master";

/** Rules that v1.16 disables for any event whose content has an `m.mentions` property. */
export const LEGACY_MENTION_RULE_IDS: ReadonlySet<string> = new Set([
  ".m.rule.contains_display_name",
  ".m.rule.contains_user_name",
  ".m.rule.roomnotif",
]);

const sound = (value: string): PushAction => ({ set_tweak: "sound", value });
const highlight = (): PushAction => ({ set_tweak: "highlight" });
const match = (key: string, pattern: string): PushCondition => ({ kind: "event_match", key, pattern });
const typeIs = (type: string): PushCondition => match("type", type);
const emptyStateKey = (): PushCondition => match("state_key", "");
const oneToOne = (): PushCondition => ({ kind: "room_member_count", is: "2" });
const roomPermission = (): PushCondition => ({ kind: "sender_notification_permission", key: "room" });

function conditional(rule_id: string, conditions: PushCondition[], actions: PushAction[], enabled = true): PushRule {
  return { rule_id, default: true, enabled, conditions, actions };
}

/** The part of a user ID between "@" and the first ":". */
function localpartOf(userId: string): string {
  const body = userId.startsWith("@") ? userId.slice(1) : userId;
  const colon = body.indexOf(":");
  return colon === -1 ? body : body.slice(0, colon);
}

function overrideRules(userId: string): PushRule[] {
  return [
    conditional(MASTER_RULE_ID, [], [], false),
    conditional(".m.rule.suppress_notices", [match("content.msgtype", "m.notice")], []),
    conditional(
      ".m.rule.invite_for_me",
      [typeIs("m.room.member"), match("content.membership", "invite"), match("state_key", userId)],
      ["notify", sound("default")],
    ),
    conditional(".m.rule.member_event", [typeIs("m.room.member")], []),
    conditional(
      ".m.rule.is_user_mention",
      [{ kind: "event_property_contains", key: "content.m\\.mentions.user_ids", value: userId }],
      ["notify", sound("default"), highlight()],
    ),
    conditional(".m.rule.contains_display_name", [{ kind: "contains_display_name" }], [
      "notify",
      sound("default"),
      highlight(),
    ]),
    conditional(
      ".m.rule.is_room_mention",
      [{ kind: "event_property_is", key: "content.m\\.mentions.room", value: true }, roomPermission()],
      ["notify", highlight()],
    ),
    conditional(".m.rule.roomnotif", [match("content.body", "@room"), roomPermission()], ["notify", highlight()]),
    conditional(".m.rule.tombstone", [typeIs("m.room.tombstone"), emptyStateKey()], ["notify", highlight()]),
    conditional(".m.rule.reaction", [typeIs("m.reaction")], []),
    conditional(".m.rule.room.server_acl", [typeIs("m.room.server_acl"), emptyStateKey()], []),
    conditional(
      ".m.rule.suppress_edits",
      [{ kind: "event_property_is", key: "content.m\\.relates_to.rel_type", value: "m.replace" }],
      [],
    ),
  ];
}

function contentRules(userId: string): PushRule[] {
  return [
    {
      rule_id: ".m.rule.contains_user_name",
      default: true,
      enabled: true,
      pattern: localpartOf(userId),
      actions: ["notify", sound("default"), highlight()],
    },
  ];
}

function underrideRules(): PushRule[] {
  return [
    conditional(".m.rule.call", [typeIs("m.call.invite")], ["notify", sound("ring")]),
    conditional(".m.rule.encrypted_room_one_to_one", [oneToOne(), typeIs("m.room.encrypted")], [
      "notify",
      sound("default"),
    ]),
    conditional(".m.rule.room_one_to_one", [oneToOne(), typeIs("m.room.message")], ["notify", sound("default")]),
    conditional(".m.rule.message", [typeIs("m.room.message")], ["notify"]),
    conditional(".m.rule.encrypted", [typeIs("m.room.encrypted")], ["notify"]),
  ];
}

/** The complete predefined ruleset for `userId` (a full Matrix user ID such as "@alice:example.org"). */
export function defaultPushRules(userId: string): PushRuleset {
  return {
    override: overrideRules(userId),
    content: contentRules(userId),
    room: [],
    sender: [],
    underride: underrideRules(),
  };
}
