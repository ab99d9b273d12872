/**
 * The operations behind the /pushrules API, as pure functions from stored
 * rules to new stored rules (inputs are never modified). `defaults` is the
 * server-default ruleset for the user, usually `defaultPushRules(userId)`.
 *
 * Endpoints served by callers of this file:
 *   GET    /pushrules/global/{kind}/{ruleId}          getPushRule
 *   PUT    /pushrules/global/{kind}/{ruleId}          putPushRule
 *   DELETE /pushrules/global/{kind}/{ruleId}          deletePushRule
 *   PUT    /pushrules/global/{kind}/{ruleId}/enabled  setPushRuleEnabled
 *   PUT    /pushrules/global/{kind}/{ruleId}/actions  setPushRuleActions
 * (GET of /enabled and /actions read fields of getPushRule's result; GET
 * /pushrules/ and /pushrules/global/ use mergePushRules.)
 */
import { stripHistoricalActions } from "./actions.js";
import { PushRuleError } from "./errors.js";
import { mergePushRules } from "./merge.js";
import { defaultRuleChange } from "./stored.js";
import type { DefaultRuleChange, StoredPushRules } from "./stored.js";
import type { PushAction, PushRule, PushRuleset, RuleKind } from "./types.js";
import { validateUserRuleId } from "./validate.js";
import type { PushRuleBody } from "./validate.js";

/** Where PUT places a rule; `before` wins when both are given (spec: setPushRule). */
export type PushRulePlacement = { before?: string; after?: string };

const notFound = (kind: RuleKind, ruleId: string): PushRuleError =>
  new PushRuleError("M_NOT_FOUND", `no ${kind} push rule with ID ${ruleId}`);

function findDefault(defaults: PushRuleset, kind: RuleKind, ruleId: string): PushRule | undefined {
  return defaults[kind].find((rule) => rule.rule_id === ruleId);
}

function userIndex(stored: StoredPushRules, kind: RuleKind, ruleId: string): number {
  return stored.rules[kind].findIndex((rule) => rule.rule_id === ruleId);
}

function withUserRules(stored: StoredPushRules, kind: RuleKind, rules: PushRule[]): StoredPushRules {
  return { rules: { ...stored.rules, [kind]: rules }, defaults: stored.defaults };
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  return ak.every((k) => Object.hasOwn(bo, k) && sameJson(ao[k], bo[k]));
}

/** Records a change to a default rule, dropping fields that equal the default so storage stays minimal. */
function withDefaultChange(stored: StoredPushRules, kind: RuleKind, base: PushRule, patch: DefaultRuleChange): StoredPushRules {
  const change: DefaultRuleChange = { ...defaultRuleChange(stored, kind, base.rule_id), ...patch };
  if (change.enabled === base.enabled) delete change.enabled;
  if (change.actions !== undefined && sameJson(change.actions, base.actions)) delete change.actions;
  const changes = { ...stored.defaults[kind] };
  if (change.enabled === undefined && change.actions === undefined) delete changes[base.rule_id];
  else changes[base.rule_id] = change;
  return { rules: stored.rules, defaults: { ...stored.defaults, [kind]: changes } };
}

/** One rule as the user sees it (server defaults with the user's changes applied). */
export function getPushRule(defaults: PushRuleset, stored: StoredPushRules, kind: RuleKind, ruleId: string): PushRule {
  const rule = mergePushRules(defaults, stored)[kind].find((r) => r.rule_id === ruleId);
  if (rule === undefined) throw notFound(kind, ruleId);
  return rule;
}

function anchorIndex(rules: readonly PushRule[], anchor: string): number {
  const index = rules.findIndex((rule) => rule.rule_id === anchor);
  if (index === -1) {
    const why = anchor.startsWith(".") ? " (rules cannot be placed relative to server-default rules)" : "";
    throw new PushRuleError("M_UNKNOWN", `before/after rule not found: ${anchor}${why}`);
  }
  return index;
}

/**
 * Creates or replaces a user-defined rule. A new rule is enabled and, without
 * placement, becomes the most important user rule of its kind; a replaced rule
 * keeps its enabled flag and, without placement, its position.
 * `body` should come from validatePushRuleBody.
 */
export function putPushRule(
  stored: StoredPushRules,
  kind: RuleKind,
  ruleId: string,
  body: PushRuleBody,
  placement: PushRulePlacement = {},
): StoredPushRules {
  validateUserRuleId(kind, ruleId);
  const current = stored.rules[kind];
  const existingAt = current.findIndex((rule) => rule.rule_id === ruleId);
  const existing = existingAt === -1 ? undefined : current[existingAt];
  const rule: PushRule = { rule_id: ruleId, default: false, enabled: existing?.enabled ?? true, actions: stripHistoricalActions(body.actions) };
  if (kind === "override" || kind === "underride") rule.conditions = body.conditions ?? [];
  if (kind === "content") {
    if (body.pattern === undefined) throw new PushRuleError("M_MISSING_PARAM", `content rules need a "pattern"`);
    rule.pattern = body.pattern;
  }
  const rest = current.filter((r) => r.rule_id !== ruleId);
  let at: number;
  if (placement.before !== undefined) at = anchorIndex(rest, placement.before);
  else if (placement.after !== undefined) at = anchorIndex(rest, placement.after) + 1;
  else at = existingAt === -1 ? 0 : existingAt;
  return withUserRules(stored, kind, [...rest.slice(0, at), rule, ...rest.slice(at)]);
}

/** Deletes a user-defined rule. Server-default rules can be disabled but not deleted. */
export function deletePushRule(defaults: PushRuleset, stored: StoredPushRules, kind: RuleKind, ruleId: string): StoredPushRules {
  if (userIndex(stored, kind, ruleId) !== -1) {
    return withUserRules(stored, kind, stored.rules[kind].filter((rule) => rule.rule_id !== ruleId));
  }
  if (findDefault(defaults, kind, ruleId) !== undefined) {
    throw new PushRuleError("M_INVALID_PARAM", `server-default rule ${ruleId} cannot be deleted; disable it instead`);
  }
  throw notFound(kind, ruleId);
}

function update(
  defaults: PushRuleset,
  stored: StoredPushRules,
  kind: RuleKind,
  ruleId: string,
  patch: DefaultRuleChange,
): StoredPushRules {
  const index = userIndex(stored, kind, ruleId);
  if (index !== -1) {
    const rules = stored.rules[kind].map((rule, i) => (i === index ? { ...rule, ...patch } : rule));
    return withUserRules(stored, kind, rules);
  }
  const base = findDefault(defaults, kind, ruleId);
  if (base === undefined) throw notFound(kind, ruleId);
  return withDefaultChange(stored, kind, base, patch);
}

export function setPushRuleEnabled(
  defaults: PushRuleset,
  stored: StoredPushRules,
  kind: RuleKind,
  ruleId: string,
  enabled: boolean,
): StoredPushRules {
  return update(defaults, stored, kind, ruleId, { enabled });
}

/** Replaces a rule's actions; works on server-default rules too. `actions` should come from validatePushActions. */
export function setPushRuleActions(
  defaults: PushRuleset,
  stored: StoredPushRules,
  kind: RuleKind,
  ruleId: string,
  actions: readonly PushAction[],
): StoredPushRules {
  return update(defaults, stored, kind, ruleId, { actions: stripHistoricalActions(actions) });
}
