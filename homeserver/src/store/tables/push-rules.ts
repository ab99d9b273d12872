/**
 * Table push_rules: each user's StoredPushRules (their own rules and their
 * changes to server-default rules) as one JSON document, with the stream
 * position of the last change so /sync can send m.push_rules again. Users
 * who never changed a rule have no row (or an empty one): the defaults apply.
 */
import type { SqlExecutor, Transaction } from "../database.js";

export type PushRulesRow = { userId: string; rulesJson: string; streamPos: number };

type Raw = { user_id: string; rules_json: string; stream_pos: number };

function fromRaw(r: Raw): PushRulesRow {
  return { userId: r.user_id, rulesJson: r.rules_json, streamPos: Number(r.stream_pos) };
}

export const pushRulesTable = {
  async getMany(q: SqlExecutor, userIds: readonly string[]): Promise<PushRulesRow[]> {
    if (userIds.length === 0) return [];
    const rows = await q.query<Raw>("SELECT user_id, rules_json, stream_pos FROM push_rules WHERE user_id = ANY($1::text[])", [userIds], { prepare: true });
    return rows.map(fromRaw);
  },

  /**
   * Locks the user's row for a read-modify-write, creating it first (with
   * `empty`, position 0) so two first changes cannot both miss the row.
   */
  async lockForUpdate(tx: Transaction, userId: string, empty: string): Promise<PushRulesRow> {
    await tx.query("INSERT INTO push_rules (user_id, rules_json, stream_pos) VALUES ($1, $2, 0) ON CONFLICT (user_id) DO NOTHING", [userId, empty]);
    const [row] = await tx.query<Raw>("SELECT user_id, rules_json, stream_pos FROM push_rules WHERE user_id = $1 FOR UPDATE", [userId]);
    if (!row) throw new Error(`push_rules row for ${userId} vanished`);
    return fromRaw(row);
  },

  /** `streamPos` comes from allocateStreamPositions in the same transaction. */
  async update(tx: Transaction, row: PushRulesRow): Promise<void> {
    await tx.query("UPDATE push_rules SET rules_json = $2, stream_pos = $3 WHERE user_id = $1", [row.userId, row.rulesJson, row.streamPos]);
  },

  /** Whether the user's rules changed at a position in (since, upto]. */
  async changedBetween(q: SqlExecutor, userId: string, since: number, upto: number): Promise<boolean> {
    const rows = await q.query<{ one: number }>(
      "SELECT 1 AS one FROM push_rules WHERE user_id = $1 AND stream_pos > $2 AND stream_pos <= $3",
      [userId, since, upto],
    );
    return rows.length > 0;
  },
};
