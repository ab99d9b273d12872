/**
 * Account data for /sync: the user's global and per-room rows written in
 * (since, upto], filtered, plus `m.push_rules` computed from the user's push
 * rules (as Synapse does: clients such as Element read their rules there).
 * The push rules are sent in the initial sync, and again in an incremental
 * sync when the user changed them in (since, upto].
 */
import type { clientTypes, JsonObject } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import { accountDataTable, GLOBAL_ACCOUNT_DATA } from "../../store/tables/account-data.js";
import { pushRulesTable } from "../../store/tables/push-rules.js";
import { allowsRoom, matchesEvent } from "../filters/match.js";
import type { SyncFilter } from "../filters/sync-filter.js";
import { userPushRules } from "./push-rules.js";

type BasicEvent = clientTypes.BasicEvent;

export const PUSH_RULES_TYPE = "m.push_rules";

export type AccountDataChanges = { global: BasicEvent[]; byRoom: Map<string, BasicEvent[]> };

export async function accountDataChanges(
  q: SqlExecutor,
  req: {
    userId: string; since: number; upto: number; filter: SyncFilter; initial: boolean;
    /** What changed in (since, upto] (user-rooms.ts): false skips a read that would find nothing. */
    changes?: { accountData: boolean; pushRules: boolean } | undefined;
  },
): Promise<AccountDataChanges> {
  const { filter } = req;
  const rows = req.changes?.accountData === false ? [] : await accountDataTable.changedBetween(q, req.userId, req.since, req.upto);
  const global: BasicEvent[] = [];
  const byRoom = new Map<string, BasicEvent[]>();
  for (const row of rows) {
    const event = { type: row.type, content: decodeAccountData(row.content) };
    if (row.roomId === GLOBAL_ACCOUNT_DATA) {
      // m.push_rules is the server's to compute, whatever a client stored under that name.
      if (row.type !== PUSH_RULES_TYPE && matchesEvent(filter.accountData, event)) global.push(event);
      continue;
    }
    if (!allowsRoom(filter.rooms, row.roomId) || !allowsRoom(filter.roomAccountData, row.roomId)) continue;
    if (!matchesEvent(filter.roomAccountData, event)) continue;
    let list = byRoom.get(row.roomId);
    if (!list) byRoom.set(row.roomId, (list = []));
    list.push(event);
  }
  const rulesChanged = req.initial || (req.changes?.pushRules !== false && (await pushRulesTable.changedBetween(q, req.userId, req.since, req.upto)));
  if (rulesChanged && matchesEvent(filter.accountData, { type: PUSH_RULES_TYPE })) {
    global.push({ type: PUSH_RULES_TYPE, content: { global: await userPushRules(q, req.userId) } as unknown as JsonObject });
  }
  return { global, byRoom };
}

/** Account data content arrives opened from the table (sealed at rest there) as JSON text. */
function decodeAccountData(content: string): JsonObject {
  return JSON.parse(content) as JsonObject;
}
