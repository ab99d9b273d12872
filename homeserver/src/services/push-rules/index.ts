/**
 * The push rules service: reads and changes a user's push rules. The rule
 * logic is protocol's (putPushRule, deletePushRule, ...); this stores the
 * result. Each change is a read-modify-write of the user's row under a row
 * lock, takes a stream position in its transaction (so /sync sends the new
 * m.push_rules), and wakes the user's /sync after COMMIT. The event writer
 * sees the new rules through rooms/push-rules-source.ts.
 */
import {
  deletePushRule,
  emptyStoredPushRules,
  getPushRule,
  parseRuleKind,
  PushRuleError,
  putPushRule,
  setPushRuleActions,
  setPushRuleEnabled,
  validatePushActions,
  validatePushRuleBody,
  RULE_KINDS,
  type PushAction,
  type PushRule,
  type PushRulePlacement,
  type PushRuleset,
  type RuleKind,
  type StoredPushRules,
} from "@ward/protocol";
import { MatrixError } from "../../http/matrix-error.js";
import { allocateStreamPositions } from "../../store/stream.js";
import { pushRulesTable } from "../../store/tables/push-rules.js";
import type { ServiceContext } from "../context.js";
import { decodeStoredPushRules, pushRulesOf, wardDefaultPushRules } from "../rooms/push-rules-source.js";

/** A bound on what one user stores (every event the user receives is evaluated against all of them). */
export const MAX_USER_PUSH_RULES = 500;

export interface PushRulesService {
  ruleset(userId: string): Promise<PushRuleset>;
  /** 400 M_INVALID_PARAM for an unknown kind, 404 M_NOT_FOUND for an unknown rule. */
  get(userId: string, kind: string, ruleId: string): Promise<PushRule>;
  put(userId: string, kind: string, ruleId: string, body: unknown, placement: PushRulePlacement): Promise<void>;
  delete(userId: string, kind: string, ruleId: string): Promise<void>;
  setEnabled(userId: string, kind: string, ruleId: string, enabled: boolean): Promise<void>;
  setActions(userId: string, kind: string, ruleId: string, actions: unknown): Promise<void>;
}

/** Runs protocol's rule logic, turning its PushRuleError into the Matrix error it names. */
function matrix<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PushRuleError) throw new MatrixError(err.status, err.errcode, err.message);
    throw err;
  }
}

function userRuleCount(stored: StoredPushRules): number {
  return RULE_KINDS.reduce((n, kind) => n + stored.rules[kind].length, 0);
}

export function createPushRulesService(ctx: Pick<ServiceContext, "db" | "bus" | "logger">): PushRulesService {
  const { db, bus, logger } = ctx;

  async function stored(userId: string): Promise<StoredPushRules> {
    const [row] = await pushRulesTable.getMany(db, [userId]);
    return row ? decodeStoredPushRules(row.rulesJson) : emptyStoredPushRules();
  }

  /** Applies `change` to the user's stored rules in one transaction, then wakes their /sync. */
  async function modify(userId: string, change: (current: StoredPushRules, defaults: PushRuleset) => StoredPushRules): Promise<void> {
    const defaults = wardDefaultPushRules(userId);
    const position = await db.transaction(async (tx) => {
      const row = await pushRulesTable.lockForUpdate(tx, userId, JSON.stringify(emptyStoredPushRules()));
      const next = matrix(() => change(decodeStoredPushRules(row.rulesJson), defaults));
      if (userRuleCount(next) > MAX_USER_PUSH_RULES) {
        throw new MatrixError(400, "M_RESOURCE_LIMIT_EXCEEDED", `at most ${MAX_USER_PUSH_RULES} push rules per user`);
      }
      // Last step before the write (store/stream.ts): positions commit in order.
      const streamPos = await allocateStreamPositions(tx);
      await pushRulesTable.update(tx, { userId, rulesJson: JSON.stringify(next), streamPos });
      return streamPos;
    });
    bus.publish({ kind: "stream", position, roomIds: [], userIds: [userId] }).catch((err: unknown) => {
      logger.warn({ err, userId, position }, "bus publish failed");
    });
  }

  const kindOf = (kind: string): RuleKind => matrix(() => parseRuleKind(kind));

  return {
    async ruleset(userId) {
      const rules = (await pushRulesOf(db, [userId])).get(userId);
      if (!rules) throw new Error(`no push rules for ${userId}`);
      return rules;
    },

    async get(userId, kind, ruleId) {
      const k = kindOf(kind);
      const current = await stored(userId);
      return matrix(() => getPushRule(wardDefaultPushRules(userId), current, k, ruleId));
    },

    async put(userId, kind, ruleId, body, placement) {
      const k = kindOf(kind);
      const valid = matrix(() => validatePushRuleBody(k, body));
      await modify(userId, (current) => putPushRule(current, k, ruleId, valid, placement));
    },

    async delete(userId, kind, ruleId) {
      const k = kindOf(kind);
      await modify(userId, (current, defaults) => deletePushRule(defaults, current, k, ruleId));
    },

    async setEnabled(userId, kind, ruleId, enabled) {
      const k = kindOf(kind);
      await modify(userId, (current, defaults) => setPushRuleEnabled(defaults, current, k, ruleId, enabled));
    },

    async setActions(userId, kind, ruleId, actions) {
      const k = kindOf(kind);
      const valid: PushAction[] = matrix(() => validatePushActions(actions));
      await modify(userId, (current, defaults) => setPushRuleActions(defaults, current, k, ruleId, valid));
    },
  };
}
