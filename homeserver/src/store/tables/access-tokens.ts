/**
 * Table access_tokens. Only SHA-256(token) is stored: a database leak hands
 * out no sessions. Lookups join the device and the user so authenticating a
 * request is one query.
 */
import type { SqlExecutor } from "../database.js";

export type AccessTokenRow = {
  tokenHash: Uint8Array;
  userId: string;
  deviceId: string;
  createdTs: number;
  lastUsedTs: number;
  /** Last user activity: the idle timeout counts from here. */
  lastActivityTs: number;
  expiresTs: number | null;
};

/** What authenticating a request needs, from one lookup. */
export type TokenSession = AccessTokenRow & {
  deviceDisplayName: string | null;
  isAdmin: boolean;
  isGuest: boolean;
  deactivated: boolean;
};

type Raw = {
  token_hash: Uint8Array;
  user_id: string;
  device_id: string;
  created_ts: number;
  last_used_ts: number;
  last_activity_ts: number;
  expires_ts: number | null;
};

type SessionRaw = Raw & { display_name: string | null; is_admin: boolean; is_guest: boolean; deactivated: boolean };

function fromRaw(r: Raw): AccessTokenRow {
  return {
    tokenHash: r.token_hash,
    userId: r.user_id,
    deviceId: r.device_id,
    createdTs: r.created_ts,
    lastUsedTs: r.last_used_ts,
    lastActivityTs: r.last_activity_ts,
    expiresTs: r.expires_ts,
  };
}

export const accessTokensTable = {
  /** The device must exist (foreign key): create it first, in the same transaction. */
  async insert(q: SqlExecutor, token: AccessTokenRow): Promise<void> {
    await q.query(
      `INSERT INTO access_tokens (token_hash, user_id, device_id, created_ts, last_used_ts, last_activity_ts, expires_ts)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [token.tokenHash, token.userId, token.deviceId, token.createdTs, token.lastUsedTs, token.lastActivityTs, token.expiresTs],
    );
  },

  async lookup(q: SqlExecutor, tokenHash: Uint8Array): Promise<TokenSession | null> {
    const [row] = await q.query<SessionRaw>(
      `SELECT t.token_hash, t.user_id, t.device_id, t.created_ts, t.last_used_ts, t.last_activity_ts, t.expires_ts,
              d.display_name, u.is_admin, u.is_guest, u.deactivated
       FROM access_tokens t
       JOIN devices d ON d.user_id = t.user_id AND d.device_id = t.device_id
       JOIN users u ON u.user_id = t.user_id
       WHERE t.token_hash = $1`,
      [tokenHash],
      { prepare: true },
    );
    if (!row) return null;
    return { ...fromRaw(row), deviceDisplayName: row.display_name, isAdmin: row.is_admin, isGuest: row.is_guest, deactivated: row.deactivated };
  },

  /**
   * Records a use of the token; `activity` also resets the idle timer (a
   * request the user made, not a background /sync). Never moves time back.
   */
  async touch(q: SqlExecutor, tokenHash: Uint8Array, ts: number, activity: boolean): Promise<boolean> {
    const rows = await q.query(
      `UPDATE access_tokens SET
         last_used_ts = GREATEST(last_used_ts, $2),
         last_activity_ts = CASE WHEN $3 THEN GREATEST(last_activity_ts, $2) ELSE last_activity_ts END
       WHERE token_hash = $1 RETURNING user_id`,
      [tokenHash, ts, activity],
    );
    return rows.length === 1;
  },

  /**
   * Records that the session ended (idle timeout or lifetime) at `ts`, so it
   * stays ended even if the org later allows longer sessions. Keeps an
   * earlier end.
   */
  /** True when this call ended the session (false: it had ended by then already), so the end is audited once. */
  async markEnded(q: SqlExecutor, tokenHash: Uint8Array, ts: number): Promise<boolean> {
    const rows = await q.query(
      "UPDATE access_tokens SET expires_ts = $2 WHERE token_hash = $1 AND (expires_ts IS NULL OR expires_ts > $2) RETURNING 1",
      [tokenHash, ts],
    );
    return rows.length === 1;
  },

  async delete(q: SqlExecutor, tokenHash: Uint8Array): Promise<boolean> {
    const rows = await q.query("DELETE FROM access_tokens WHERE token_hash = $1 RETURNING user_id", [tokenHash]);
    return rows.length === 1;
  },

  /**
   * Deletes every token of the user except `keep` (the caller's own, on a
   * password change). Returns the deleted hashes: the long-polls held by
   * those sessions must end now.
   */
  async deleteAllForUser(q: SqlExecutor, userId: string, keep?: Uint8Array): Promise<Uint8Array[]> {
    const rows = await q.query<{ token_hash: Uint8Array }>(
      "DELETE FROM access_tokens WHERE user_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2) RETURNING token_hash",
      [userId, keep ?? null],
    );
    return rows.map((r) => r.token_hash);
  },

  /** Deletes the device's tokens and returns their hashes (see deleteAllForUser). */
  async deleteForDevice(q: SqlExecutor, userId: string, deviceId: string): Promise<Uint8Array[]> {
    const rows = await q.query<{ token_hash: Uint8Array }>(
      "DELETE FROM access_tokens WHERE user_id = $1 AND device_id = $2 RETURNING token_hash",
      [userId, deviceId],
    );
    return rows.map((r) => r.token_hash);
  },
};
