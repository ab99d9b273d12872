/**
 * Where the event writer gets each user's push rules. Only the server
 * defaults for now; when users' own rules are stored, this is the one
 * function to extend (merge them with mergePushRules), read inside the
 * writer's transaction.
 */
import { defaultPushRules, type PushRuleset } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";

export async function pushRulesOf(_q: SqlExecutor, userIds: readonly string[]): Promise<Map<string, PushRuleset>> {
  return new Map(userIds.map((userId) => [userId, defaultPushRules(userId)]));
}
