/**
 * Table login_throttle: failed sign-ins per account (user ID) and per client
 * address, in fixed windows. In the database rather than in memory so every
 * homeserver process counts the same failures and honours the same lock.
 */
import type { SqlExecutor, Transaction } from "../database.js";

export type ThrottleScope = "account" | "address";

export type ThrottleRow = {
  scope: ThrottleScope;
  key: string;
  /** When the current counting window began. */
  windowStartTs: number;
  failures: number;
  /** Sign-in is refused until then; null when not locked. */
  lockedUntilTs: number | null;
};

type Raw = { scope: ThrottleScope; key: string; window_start_ts: number; failures: number; locked_until_ts: number | null };

const COLUMNS = "scope, key, window_start_ts, failures, locked_until_ts";

function fromRaw(r: Raw): ThrottleRow {
  return { scope: r.scope, key: r.key, windowStartTs: r.window_start_ts, failures: r.failures, lockedUntilTs: r.locked_until_ts };
}

export const loginThrottleTable = {
  async get(q: SqlExecutor, scope: ThrottleScope, key: string): Promise<ThrottleRow | null> {
    const [row] = await q.query<Raw>(`SELECT ${COLUMNS} FROM login_throttle WHERE scope = $1 AND key = $2`, [scope, key]);
    return row ? fromRaw(row) : null;
  },

  /**
   * The row, created empty (window starting `now`) if missing, and locked
   * until the transaction ends: concurrent failures of one key count one
   * after the other, in every process.
   */
  async lockForUpdate(tx: Transaction, scope: ThrottleScope, key: string, now: number): Promise<ThrottleRow> {
    await tx.query(
      `INSERT INTO login_throttle (${COLUMNS}) VALUES ($1, $2, $3, 0, NULL) ON CONFLICT (scope, key) DO NOTHING`,
      [scope, key, now],
    );
    const [row] = await tx.query<Raw>(`SELECT ${COLUMNS} FROM login_throttle WHERE scope = $1 AND key = $2 FOR UPDATE`, [scope, key]);
    if (!row) throw new Error("login_throttle row vanished inside its transaction");
    return fromRaw(row);
  },

  async update(tx: Transaction, row: ThrottleRow): Promise<void> {
    await tx.query(
      "UPDATE login_throttle SET window_start_ts = $3, failures = $4, locked_until_ts = $5 WHERE scope = $1 AND key = $2",
      [row.scope, row.key, row.windowStartTs, row.failures, row.lockedUntilTs],
    );
  },

  async delete(q: SqlExecutor, scope: ThrottleScope, key: string): Promise<void> {
    await q.query("DELETE FROM login_throttle WHERE scope = $1 AND key = $2", [scope, key]);
  },

  /** Forgets rows whose window began before `windowStartBefore` and that hold no lock at `now`. */
  async deleteStale(q: SqlExecutor, windowStartBefore: number, now: number): Promise<void> {
    await q.query(
      "DELETE FROM login_throttle WHERE window_start_ts < $1 AND (locked_until_ts IS NULL OR locked_until_ts <= $2)",
      [windowStartBefore, now],
    );
  },
};
