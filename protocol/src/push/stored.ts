/**
 * What Ward stores per user: the user's own rules, and the changes they made to
 * server-default rules, kept apart from the defaults themselves. Storing only
 * the changes means a server upgrade that adds or fixes a default rule reaches
 * every user, while their enabled/actions choices survive.
 */
import type { PushAction, PushRuleset, RuleKind } from "./types.js";
import { emptyPushRuleset } from "./types.js";

/** A user's change to one server-default rule; absent fields keep the default. */
export type DefaultRuleChange = { enabled?: boolean; actions?: PushAction[] };

export type StoredPushRules = {
  /** User-defined rules (`default: false`), most important first within each kind. */
  rules: PushRuleset;
  /** Changes to server-default rules, by kind, then by rule ID. */
  defaults: Record<RuleKind, Record<string, DefaultRuleChange>>;
};

export function emptyStoredPushRules(): StoredPushRules {
  return { rules: emptyPushRuleset(), defaults: { override: {}, content: {}, room: {}, sender: {}, underride: {} } };
}

/** The stored change for a default rule; own properties only, so odd IDs cannot reach Object.prototype. */
export function defaultRuleChange(stored: StoredPushRules, kind: RuleKind, ruleId: string): DefaultRuleChange | undefined {
  const changes = stored.defaults[kind];
  return Object.hasOwn(changes, ruleId) ? changes[ruleId] : undefined;
}
