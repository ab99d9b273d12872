/**
 * Validation of what clients send to PUT /pushrules/global/{kind}/{ruleId} and
 * its /actions sub-resource. Everything here throws PushRuleError with an
 * errcode the handler can return as is.
 */
import type { JsonValue } from "../json.js";
import { stripHistoricalActions } from "./actions.js";
import { isPushScalar, parseMemberCount } from "./conditions.js";
import { PushRuleError } from "./errors.js";
import { RULE_KINDS } from "./types.js";
import type { PushAction, PushCondition, RuleKind } from "./types.js";

/** The parameters a client may set on a user-defined rule. */
export type PushRuleBody = {
  actions: PushAction[];
  conditions?: PushCondition[];
  pattern?: string;
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const invalid = (message: string): PushRuleError => new PushRuleError("M_INVALID_PARAM", message);

export function parseRuleKind(value: string): RuleKind {
  const kind = RULE_KINDS.find((k) => k === value);
  if (kind === undefined) throw invalid(`unknown push rule kind "${value}"; expected one of ${RULE_KINDS.join(", ")}`);
  return kind;
}

function validateAction(action: unknown, index: number): PushAction {
  if (action === "notify" || action === "dont_notify" || action === "coalesce") return action;
  if (typeof action === "string") throw invalid(`actions[${index}]: unknown action "${action}"`);
  if (!isObject(action) || typeof action["set_tweak"] !== "string") {
    throw invalid(`actions[${index}]: an action is a string or an object with a string "set_tweak"`);
  }
  const tweak = action["set_tweak"];
  const value = action["value"];
  if (tweak === "sound" && typeof value !== "string") {
    throw invalid(`actions[${index}]: the sound tweak needs a string "value"`);
  }
  if (tweak === "highlight" && value !== undefined && typeof value !== "boolean") {
    throw invalid(`actions[${index}]: the highlight tweak's "value" must be a boolean`);
  }
  return value === undefined ? { set_tweak: tweak } : { set_tweak: tweak, value: value as JsonValue };
}

/** Checks an `actions` array and strips the historical `dont_notify`/`coalesce`. */
export function validatePushActions(value: unknown): PushAction[] {
  if (value === undefined) throw new PushRuleError("M_MISSING_PARAM", `"actions" is required`);
  if (!Array.isArray(value)) throw invalid(`"actions" must be an array`);
  return stripHistoricalActions(value.map(validateAction));
}

function requireString(condition: Record<string, unknown>, name: string, at: string): string {
  const value = condition[name];
  if (typeof value !== "string") throw invalid(`${at}: ${String(condition["kind"])} needs a string "${name}"`);
  return value;
}

function requireScalar(condition: Record<string, unknown>, at: string): string | number | boolean | null {
  const value = condition["value"];
  if (!isPushScalar(value)) {
    throw invalid(`${at}: "value" must be a string, boolean, null or integer in the canonical JSON range`);
  }
  return value;
}

/**
 * Checks one condition. Unknown kinds are accepted and kept, because the spec
 * makes them never match rather than invalid, and a newer client may know them.
 */
export function validatePushCondition(value: unknown, index: number): PushCondition {
  const at = `conditions[${index}]`;
  if (!isObject(value) || typeof value["kind"] !== "string") throw invalid(`${at}: a condition is an object with a string "kind"`);
  const kind = value["kind"];
  switch (kind) {
    case "event_match":
      return { kind, key: requireString(value, "key", at), pattern: requireString(value, "pattern", at) };
    case "event_property_is":
    case "event_property_contains":
      return { kind, key: requireString(value, "key", at), value: requireScalar(value, at) };
    case "contains_display_name":
      return { kind };
    case "room_member_count": {
      const is = requireString(value, "is", at);
      if (parseMemberCount(is) === undefined) throw invalid(`${at}: "is" must be an integer optionally prefixed by ==, <, >, <= or >=`);
      return { kind, is };
    }
    case "sender_notification_permission":
      return { kind, key: requireString(value, "key", at) };
    default:
      return structuredClone(value) as PushCondition;
  }
}

/** Checks a PUT body for a rule of `kind`, keeping only the fields that kind uses. */
export function validatePushRuleBody(kind: RuleKind, body: unknown): PushRuleBody {
  if (!isObject(body)) throw invalid("the push rule must be a JSON object");
  const actions = validatePushActions(body["actions"]);
  if (kind === "override" || kind === "underride") {
    const conditions = body["conditions"] ?? [];
    if (!Array.isArray(conditions)) throw invalid(`"conditions" must be an array`);
    return { actions, conditions: conditions.map(validatePushCondition) };
  }
  if (kind === "content") {
    const pattern = body["pattern"];
    if (pattern === undefined) throw new PushRuleError("M_MISSING_PARAM", `content rules need a "pattern"`);
    if (typeof pattern !== "string") throw invalid(`"pattern" must be a string`);
    return { actions, pattern };
  }
  return { actions };
}

/**
 * Checks the ID of a rule a client wants to create or replace. Dots are
 * reserved for server-default rules; "/" and "\" are forbidden by the spec; room
 * and sender rules are named after the room or user they apply to.
 */
export function validateUserRuleId(kind: RuleKind, ruleId: string): void {
  if (ruleId === "") throw invalid("the rule ID must not be empty");
  if (ruleId.startsWith(".")) throw invalid(`rule IDs starting with "." are reserved for server-default rules: ${ruleId}`);
  if (ruleId.includes("/") || ruleId.includes("\\")) throw invalid(`rule IDs must not contain "/" or "\\": ${ruleId}`);
  if (kind === "room" && !ruleId.startsWith("!")) throw invalid(`a room rule's ID must be a room ID: ${ruleId}`);
  if (kind === "sender" && !ruleId.startsWith("@")) throw invalid(`a sender rule's ID must be a user ID: ${ruleId}`);
}
