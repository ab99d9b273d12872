/**
 * Table filters: /sync filters uploaded by clients, numbered per user
 * (0, 1, 2…). Many clients upload the same filter at every start, so an
 * identical filter returns its existing ID instead of a new row.
 */
import type { SqlExecutor } from "../database.js";

const MAX_ATTEMPTS = 5;

export const filtersTable = {
  /** Stores the filter (canonical JSON text) and returns its ID. */
  async insert(q: SqlExecutor, userId: string, filterJson: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const [existing] = await q.query<{ filter_id: number }>(
        "SELECT filter_id FROM filters WHERE user_id = $1 AND filter_json = $2 ORDER BY filter_id LIMIT 1",
        [userId, filterJson],
      );
      if (existing) return String(existing.filter_id);
      // Two concurrent uploads may pick the same next ID; ON CONFLICT lets the loser retry
      // without aborting a surrounding transaction.
      const [row] = await q.query<{ filter_id: number }>(
        `INSERT INTO filters (user_id, filter_id, filter_json)
         SELECT $1, COALESCE(MAX(filter_id) + 1, 0), $2 FROM filters WHERE user_id = $1
         ON CONFLICT DO NOTHING RETURNING filter_id`,
        [userId, filterJson],
      );
      if (row) return String(row.filter_id);
      if (attempt >= MAX_ATTEMPTS) throw new Error("could not allocate a filter ID");
    }
  },

  /** The filter's JSON text, or null for an unknown ID (including IDs that are not numbers). */
  async get(q: SqlExecutor, userId: string, filterId: string): Promise<string | null> {
    if (!/^(0|[1-9][0-9]{0,14})$/.test(filterId)) return null; // "007" is not filter 7
    const [row] = await q.query<{ filter_json: string }>(
      "SELECT filter_json FROM filters WHERE user_id = $1 AND filter_id = $2",
      [userId, Number(filterId)],
    );
    return row ? row.filter_json : null;
  },
};
