/**
 * The ruleset a user actually has: their stored rules combined with the
 * server defaults (spec: "Predefined Rules"). User rules outrank server-default
 * rules of the same kind, except `.m.rule.master`, which outranks everything.
 */
import { MASTER_RULE_ID } from "./defaults.js";
import { defaultRuleChange } from "./stored.js";
import type { StoredPushRules } from "./stored.js";
import { RULE_KINDS } from "./types.js";
import type { PushRule, PushRuleset, RuleKind } from "./types.js";

function applyChange(stored: StoredPushRules, kind: RuleKind, rule: PushRule): PushRule {
  const change = defaultRuleChange(stored, kind, rule.rule_id);
  return {
    ...rule,
    enabled: change?.enabled ?? rule.enabled,
    actions: change?.actions ?? rule.actions,
  };
}

/**
 * Builds the full ruleset, e.g. for GET /pushrules/global/ and the
 * m.push_rules account data. `defaults` is usually `defaultPushRules(userId)`.
 * The result is a deep copy; editing it does not touch the inputs.
 */
export function mergePushRules(defaults: PushRuleset, stored: StoredPushRules): PushRuleset {
  const merged = {} as PushRuleset;
  for (const kind of RULE_KINDS) {
    const serverRules = defaults[kind].map((rule) => applyChange(stored, kind, rule));
    const userRules = stored.rules[kind];
    if (kind === "override") {
      const master = serverRules.filter((rule) => rule.rule_id === MASTER_RULE_ID);
      const rest = serverRules.filter((rule) => rule.rule_id !== MASTER_RULE_ID);
      merged[kind] = [...master, ...userRules, ...rest];
    } else {
      merged[kind] = [...userRules, ...serverRules];
    }
  }
  return structuredClone(merged);
}
