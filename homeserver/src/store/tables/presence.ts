/**
 * Table presence: one row per user who has ever synced or set a presence.
 * `stream_pos` moves only when what others see changes (state or status
 * message), so /sync delivers exactly those changes; the timestamps are
 * refreshed in place without a position.
 *
 * Lock order for writers: a user's row (FOR UPDATE) BEFORE the stream
 * position (store/stream.ts), in every transaction that does both.
 */
import type { SqlExecutor, Transaction } from "../database.js";

/** Associated data of a sealed status message: it opens only in its own user's row. */
const statusContext = (userId: string) => ["presence", userId];

export type PresenceStateValue = "online" | "unavailable" | "offline";

export type PresenceRow = {
  userId: string;
  state: PresenceStateValue;
  statusMsg: string | null;
  /** Set by PUT /presence rather than by syncing or the sweeper. */
  explicit: boolean;
  lastActiveTs: number;
  lastSyncTs: number;
  streamPos: number;
};

export type PresenceRaw = {
  user_id: string;
  state: PresenceStateValue;
  sealed_status_msg: Uint8Array | null;
  status_key_id: string | null;
  explicit: boolean;
  last_active_ts: number;
  last_sync_ts: number;
  stream_pos: number;
};

export const PRESENCE_COLUMNS = "user_id, state, sealed_status_msg, status_key_id, explicit, last_active_ts, last_sync_ts, stream_pos";

/** Rows as read, their status messages opened (a message that does not open is an error, never served). */
export async function presenceRowsOf(q: SqlExecutor, raws: readonly PresenceRaw[]): Promise<PresenceRow[]> {
  await q.atRest.knowKeys(q, raws.map((r) => r.status_key_id));
  return raws.map((r) => presenceRowOf(q, r));
}

function presenceRowOf(q: SqlExecutor, r: PresenceRaw): PresenceRow {
  const statusMsg = r.sealed_status_msg === null ? null
    : q.atRest.open({ keyId: r.status_key_id, sealed: r.sealed_status_msg, plain: null }, statusContext(r.user_id), `status message of ${r.user_id}`);
  return {
    userId: r.user_id,
    state: r.state,
    statusMsg,
    explicit: r.explicit,
    lastActiveTs: r.last_active_ts,
    lastSyncTs: r.last_sync_ts,
    streamPos: r.stream_pos,
  };
}

export const presenceTable = {
  async get(q: SqlExecutor, userId: string): Promise<PresenceRow | null> {
    const rows = await q.query<PresenceRaw>(`SELECT ${PRESENCE_COLUMNS} FROM presence WHERE user_id = $1`, [userId]);
    return (await presenceRowsOf(q, rows))[0] ?? null;
  },

  /** The row, locked until the transaction ends (null when the user has none yet). */
  async getForUpdate(tx: Transaction, userId: string): Promise<PresenceRow | null> {
    const rows = await tx.query<PresenceRaw>(`SELECT ${PRESENCE_COLUMNS} FROM presence WHERE user_id = $1 FOR UPDATE`, [userId]);
    return (await presenceRowsOf(tx, rows))[0] ?? null;
  },

  async upsert(q: SqlExecutor, row: PresenceRow): Promise<void> {
    const status = row.statusMsg === null ? null : q.atRest.seal(row.statusMsg, statusContext(row.userId));
    await q.query(
      `INSERT INTO presence (${PRESENCE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (user_id) DO UPDATE SET state = EXCLUDED.state, sealed_status_msg = EXCLUDED.sealed_status_msg,
         status_key_id = EXCLUDED.status_key_id, explicit = EXCLUDED.explicit, last_active_ts = EXCLUDED.last_active_ts,
         last_sync_ts = EXCLUDED.last_sync_ts, stream_pos = EXCLUDED.stream_pos`,
      [row.userId, row.state, status?.sealed ?? null, status?.keyId ?? null, row.explicit, row.lastActiveTs, row.lastSyncTs, row.streamPos],
    );
  },

  /**
   * Locks up to `limit` users who are not offline and have shown no sign of
   * life since `cutoff`. SKIP LOCKED: rows another sweeper (or a syncing
   * user's transaction) holds are left to it, so concurrent sweepers split
   * the work instead of queueing.
   */
  async lockStale(tx: Transaction, cutoff: number, limit: number): Promise<string[]> {
    const rows = await tx.query<{ user_id: string }>(
      `SELECT user_id FROM presence WHERE state <> 'offline' AND last_sync_ts < $1
       ORDER BY user_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [cutoff, limit],
    );
    return rows.map((r) => r.user_id);
  },

  /** Marks these users offline at `streamPos` if they are still stale; returns those it changed. */
  async markOffline(tx: Transaction, userIds: readonly string[], cutoff: number, streamPos: number): Promise<string[]> {
    const rows = await tx.query<{ user_id: string }>(
      `UPDATE presence SET state = 'offline', explicit = false, stream_pos = $3
       WHERE user_id = ANY($1::text[]) AND state <> 'offline' AND last_sync_ts < $2
       RETURNING user_id`,
      [userIds, cutoff, streamPos],
    );
    return rows.map((r) => r.user_id).sort();
  },
};
