/**
 * Table account_data: per-user key/value data, global (room_id '') or per
 * room. Each write takes a stream position so /sync delivers changes since
 * a token; content is opaque text (JSON now, ciphertext later).
 */
import type { SqlExecutor } from "../database.js";

/** room_id value meaning "global account data". */
export const GLOBAL_ACCOUNT_DATA = "";

export type AccountDataRow = {
  userId: string;
  /** "" for global account data. */
  roomId: string;
  type: string;
  content: string;
  streamPos: number;
};

type Raw = { user_id: string; room_id: string; type: string; content: string; stream_pos: number };

function fromRaw(r: Raw): AccountDataRow {
  return { userId: r.user_id, roomId: r.room_id, type: r.type, content: r.content, streamPos: r.stream_pos };
}

export const accountDataTable = {
  /** `streamPos` comes from allocateStreamPositions in the same transaction. */
  async upsert(q: SqlExecutor, row: AccountDataRow): Promise<void> {
    await q.query(
      `INSERT INTO account_data (user_id, room_id, type, content, stream_pos) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, room_id, type) DO UPDATE SET content = EXCLUDED.content, stream_pos = EXCLUDED.stream_pos`,
      [row.userId, row.roomId, row.type, row.content, row.streamPos],
    );
  },

  async get(q: SqlExecutor, userId: string, roomId: string, type: string): Promise<AccountDataRow | null> {
    const [row] = await q.query<Raw>(
      "SELECT user_id, room_id, type, content, stream_pos FROM account_data WHERE user_id = $1 AND room_id = $2 AND type = $3",
      [userId, roomId, type],
    );
    return row ? fromRaw(row) : null;
  },

  /** Rows written with since < position ≤ upto, oldest first (since = 0: everything, for an initial sync). */
  async changedBetween(q: SqlExecutor, userId: string, since: number, upto: number): Promise<AccountDataRow[]> {
    const rows = await q.query<Raw>(
      `SELECT user_id, room_id, type, content, stream_pos FROM account_data
       WHERE user_id = $1 AND stream_pos > $2 AND stream_pos <= $3 ORDER BY stream_pos`,
      [userId, since, upto],
    );
    return rows.map(fromRaw);
  },
};
