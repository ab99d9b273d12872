/** Table rooms: one row per room this server knows, with what the directory needs. */
import type { SqlExecutor } from "../database.js";

export type RoomRow = {
  roomId: string;
  roomVersion: string;
  creator: string;
  createdTs: number;
  /** A message (DM) room: fixed membership, no topic, no redaction. */
  isDirect: boolean;
  /** Listed in the room directory. */
  published: boolean;
};

type Raw = { room_id: string; room_version: string; creator: string; created_ts: number; is_direct: boolean; published: boolean };

const COLUMNS = "room_id, room_version, creator, created_ts, is_direct, published";

function fromRaw(r: Raw): RoomRow {
  return {
    roomId: r.room_id,
    roomVersion: r.room_version,
    creator: r.creator,
    createdTs: r.created_ts,
    isDirect: r.is_direct,
    published: r.published,
  };
}

export const roomsTable = {
  async insert(q: SqlExecutor, room: RoomRow): Promise<void> {
    await q.query(`INSERT INTO rooms (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
      room.roomId, room.roomVersion, room.creator, room.createdTs, room.isDirect, room.published,
    ]);
  },

  async get(q: SqlExecutor, roomId: string): Promise<RoomRow | null> {
    const [row] = await q.query<Raw>(`SELECT ${COLUMNS} FROM rooms WHERE room_id = $1`, [roomId]);
    return row ? fromRaw(row) : null;
  },

  async setPublished(q: SqlExecutor, roomId: string, published: boolean): Promise<boolean> {
    const rows = await q.query("UPDATE rooms SET published = $2 WHERE room_id = $1 RETURNING room_id", [roomId, published]);
    return rows.length === 1;
  },

  /** Published rooms in room ID order, `limit` after `after` (exclusive): keyset pagination for the directory. */
  async listPublished(q: SqlExecutor, limit: number, after?: string): Promise<RoomRow[]> {
    const rows = await q.query<Raw>(
      `SELECT ${COLUMNS} FROM rooms WHERE published AND ($1::text IS NULL OR room_id > $1) ORDER BY room_id LIMIT $2`,
      [after ?? null, limit],
    );
    return rows.map(fromRaw);
  },
};
