/**
 * Where the event writer (and /pushrules, /sync) gets each user's push rules:
 * Ward's server defaults merged with the user's stored changes (table
 * push_rules), read inside the caller's transaction when it has one.
 *
 * Ward's server defaults are Matrix's (protocol's defaultPushRules, left as
 * the spec has them) with one difference, because a clinic's staff are told
 * of "any new message or event": joins, leaves and topic changes notify
 * (blue), where Matrix's `.m.rule.member_event` silences every member event
 * and no rule matches a topic change. So here:
 *   - override `.m.rule.member_event` starts disabled;
 *   - underride `.org.ward.rule.member_profile`: a join that follows a join
 *     (a display name or avatar change) stays silent;
 *   - underride `.org.ward.rule.member_event`: any other member event
 *     (join, leave, kick, ban, someone else's invite) notifies;
 *   - underride `.org.ward.rule.topic`: `m.room.topic` notifies.
 * They are underride rules so that everything a user sets up outranks them:
 * a room rule (muting a room) or an override silences them too, and each
 * can be disabled like any server-default rule (enabling
 * `.m.rule.member_event` again gives Matrix's behaviour back).
 */
import { defaultPushRules, emptyStoredPushRules, mergePushRules, type PushRule, type PushRuleset, type StoredPushRules } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import { pushRulesTable } from "../../store/tables/push-rules.js";

const MEMBER = "m.room.member";

/** Ward's additions, checked before Matrix's underride rules (they match other event types, so order among them is moot). */
function wardUnderrideRules(): PushRule[] {
  return [
    {
      rule_id: ".org.ward.rule.member_profile",
      default: true,
      enabled: true,
      conditions: [
        { kind: "event_match", key: "type", pattern: MEMBER },
        { kind: "event_property_is", key: "content.membership", value: "join" },
        { kind: "event_property_is", key: "unsigned.prev_content.membership", value: "join" },
      ],
      actions: [],
    },
    {
      rule_id: ".org.ward.rule.member_event",
      default: true,
      enabled: true,
      conditions: [{ kind: "event_match", key: "type", pattern: MEMBER }],
      actions: ["notify"],
    },
    {
      rule_id: ".org.ward.rule.topic",
      default: true,
      enabled: true,
      conditions: [
        { kind: "event_match", key: "type", pattern: "m.room.topic" },
        { kind: "event_match", key: "state_key", pattern: "" },
      ],
      actions: ["notify"],
    },
  ];
}

/** The server-default ruleset Ward serves and applies for `userId`. */
export function wardDefaultPushRules(userId: string): PushRuleset {
  const rules = defaultPushRules(userId);
  for (const rule of rules.override) if (rule.rule_id === ".m.rule.member_event") rule.enabled = false;
  rules.underride = [...wardUnderrideRules(), ...rules.underride];
  return rules;
}

/** Stored rules are written only by services/push-rules, from validated input. */
export function decodeStoredPushRules(json: string): StoredPushRules {
  return JSON.parse(json) as StoredPushRules;
}

export async function pushRulesOf(q: SqlExecutor, userIds: readonly string[]): Promise<Map<string, PushRuleset>> {
  const stored = new Map((await pushRulesTable.getMany(q, userIds)).map((row) => [row.userId, decodeStoredPushRules(row.rulesJson)]));
  return new Map(userIds.map((userId) => [userId, mergePushRules(wardDefaultPushRules(userId), stored.get(userId) ?? emptyStoredPushRules())]));
}
