/**
 * Where the event writer (and /pushrules, /sync) gets each user's push rules:
 * the server defaults merged with the user's stored changes (table
 * push_rules), read inside the caller's transaction when it has one.
 */
import { defaultPushRules, emptyStoredPushRules, mergePushRules, type PushRuleset, type StoredPushRules } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import { pushRulesTable } from "../../store/tables/push-rules.js";

/** Stored rules are written only by services/push-rules, from validated input. */
export function decodeStoredPushRules(json: string): StoredPushRules {
  return JSON.parse(json) as StoredPushRules;
}

export async function pushRulesOf(q: SqlExecutor, userIds: readonly string[]): Promise<Map<string, PushRuleset>> {
  const stored = new Map((await pushRulesTable.getMany(q, userIds)).map((row) => [row.userId, decodeStoredPushRules(row.rulesJson)]));
  return new Map(userIds.map((userId) => [userId, mergePushRules(defaultPushRules(userId), stored.get(userId) ?? emptyStoredPushRules())]));
}
