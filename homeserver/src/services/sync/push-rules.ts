/**
 * The push rules a user has, as clients read them (GET /pushrules/ and the
 * m.push_rules account data in /sync): the server defaults merged with the
 * user's stored changes. They come from the same source the event writer
 * evaluates (services/rooms/push-rules-source.ts), so what a client shows is
 * what the server applies; user rule storage (a later issue) extends that
 * source, and this follows.
 */
import type { PushRuleset } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import { pushRulesOf } from "../rooms/push-rules-source.js";

export async function userPushRules(q: SqlExecutor, userId: string): Promise<PushRuleset> {
  const rules = (await pushRulesOf(q, [userId])).get(userId);
  if (!rules) throw new Error(`no push rules for ${userId}`);
  return rules;
}
