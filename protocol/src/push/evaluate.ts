/**
 * Rule evaluation: the first enabled rule that matches, checking kinds in the
 * order override, content, room, sender, underride and rules within a kind in
 * list order (spec: "Push Rules").
 */
import { stripHistoricalActions } from "./actions.js";
import { conditionMatches, contentOf } from "./conditions.js";
import { LEGACY_MENTION_RULE_IDS } from "./defaults.js";
import { globMatchesWords } from "./glob.js";
import { RULE_KINDS } from "./types.js";
import type { PushAction, PushContext, PushEvent, PushRule, PushRuleset, RuleKind } from "./types.js";

export type PushRuleMatch = { kind: RuleKind; rule: PushRule };

/**
 * v1.16 says the deprecated body-mention rules apply only when the event has no
 * `m.mentions` property. Presence is what counts, so an empty object (what
 * clients send when they mention nobody) switches them off too.
 */
function suppressedByMentions(rule: PushRule, event: PushEvent): boolean {
  return LEGACY_MENTION_RULE_IDS.has(rule.rule_id) && Object.hasOwn(contentOf(event), "m.mentions");
}

/** Whether `rule` (of `kind`) matches, ignoring its `enabled` flag. */
export function pushRuleMatches(kind: RuleKind, rule: PushRule, event: PushEvent, ctx: PushContext): boolean {
  if (suppressedByMentions(rule, event)) return false;
  switch (kind) {
    case "override":
    case "underride":
      return (rule.conditions ?? []).every((condition) => conditionMatches(condition, event, ctx));
    case "content": {
      const body = contentOf(event)["body"];
      return typeof rule.pattern === "string" && typeof body === "string" && globMatchesWords(rule.pattern, body);
    }
    case "room":
      return rule.rule_id === event.room_id;
    case "sender":
      return rule.rule_id === event.sender;
  }
}

/** The highest-priority enabled rule matching `event`, or undefined when none does. */
export function findMatchingPushRule(ruleset: PushRuleset, event: PushEvent, ctx: PushContext): PushRuleMatch | undefined {
  for (const kind of RULE_KINDS) {
    for (const rule of ruleset[kind]) {
      if (rule.enabled === true && pushRuleMatches(kind, rule, event, ctx)) return { kind, rule };
    }
  }
  return undefined;
}

/**
 * The actions for `event` under `ruleset`, historical actions stripped. Empty
 * when no rule matches, and for the user's own events, which the spec says
 * must never notify them.
 */
export function evaluatePushRules(ruleset: PushRuleset, event: PushEvent, ctx: PushContext): PushAction[] {
  if (event.sender === ctx.userId) return [];
  const match = findMatchingPushRule(ruleset, event, ctx);
  return match === undefined ? [] : stripHistoricalActions(match.rule.actions);
}
