/**
 * Table uia_sessions: User-Interactive Authentication sessions, in the
 * database so a client can continue a session on another homeserver process
 * or after a restart. `purpose` and `user_id` bind a session to the operation
 * it was started for: a session opened to register cannot be reused to
 * delete devices.
 */
import type { SqlExecutor } from "../database.js";

export type UiaSessionRow = {
  sessionId: string;
  purpose: string;
  userId: string | null;
  createdTs: number;
  expiresTs: number;
  /** Stage types completed so far, in order. */
  completed: string[];
};

type Raw = { session_id: string; purpose: string; user_id: string | null; created_ts: number; expires_ts: number; completed: string };

const COLUMNS = "session_id, purpose, user_id, created_ts, expires_ts, completed";

function fromRaw(r: Raw): UiaSessionRow {
  const completed = JSON.parse(r.completed) as unknown;
  return {
    sessionId: r.session_id,
    purpose: r.purpose,
    userId: r.user_id,
    createdTs: r.created_ts,
    expiresTs: r.expires_ts,
    completed: Array.isArray(completed) ? completed.filter((s): s is string => typeof s === "string") : [],
  };
}

export const uiaSessionsTable = {
  async insert(q: SqlExecutor, row: UiaSessionRow): Promise<void> {
    await q.query(`INSERT INTO uia_sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
      row.sessionId, row.purpose, row.userId, row.createdTs, row.expiresTs, JSON.stringify(row.completed),
    ]);
  },

  /** The session, unless it does not exist or expired at `now`. */
  async get(q: SqlExecutor, sessionId: string, now: number): Promise<UiaSessionRow | null> {
    const [row] = await q.query<Raw>(`SELECT ${COLUMNS} FROM uia_sessions WHERE session_id = $1 AND expires_ts > $2`, [sessionId, now]);
    return row ? fromRaw(row) : null;
  },

  /** Adds a completed stage (once); false when the session is gone. */
  async addCompleted(q: SqlExecutor, sessionId: string, stage: string): Promise<boolean> {
    const rows = await q.query(
      `UPDATE uia_sessions SET completed = (
         CASE WHEN completed::jsonb ? $2 THEN completed ELSE (completed::jsonb || to_jsonb($2::text))::text END)
       WHERE session_id = $1 RETURNING session_id`,
      [sessionId, stage],
    );
    return rows.length === 1;
  },

  /** Deletes the session; false when it was already gone (another request used it first). */
  async delete(q: SqlExecutor, sessionId: string): Promise<boolean> {
    const rows = await q.query("DELETE FROM uia_sessions WHERE session_id = $1 RETURNING session_id", [sessionId]);
    return rows.length === 1;
  },

  async deleteExpired(q: SqlExecutor, now: number): Promise<number> {
    const rows = await q.query("DELETE FROM uia_sessions WHERE expires_ts <= $1 RETURNING session_id", [now]);
    return rows.length;
  },
};
