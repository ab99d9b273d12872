/**
 * Table txn_ids: makes PUT …/send/{type}/{txnId} idempotent per device, also
 * across restarts. Insert it in the SAME transaction as the event, and look
 * it up after taking the room lock, so two racing retries of one request
 * yield one event.
 */
import type { SqlExecutor } from "../database.js";

export type TxnIdRow = { userId: string; deviceId: string; txnId: string; roomId: string; eventId: string; createdTs: number };

export const txnIdsTable = {
  /** False when the transaction ID was already used by this device (nothing is written). */
  async insert(q: SqlExecutor, row: TxnIdRow): Promise<boolean> {
    const rows = await q.query(
      `INSERT INTO txn_ids (user_id, device_id, txn_id, room_id, event_id, created_ts) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING txn_id`,
      [row.userId, row.deviceId, row.txnId, row.roomId, row.eventId, row.createdTs],
      { prepare: true },
    );
    return rows.length === 1;
  },

  async get(q: SqlExecutor, userId: string, deviceId: string, txnId: string): Promise<{ roomId: string; eventId: string } | null> {
    const [row] = await q.query<{ room_id: string; event_id: string }>(
      "SELECT room_id, event_id FROM txn_ids WHERE user_id = $1 AND device_id = $2 AND txn_id = $3",
      [userId, deviceId, txnId],
      { prepare: true },
    );
    return row ? { roomId: row.room_id, eventId: row.event_id } : null;
  },
};
