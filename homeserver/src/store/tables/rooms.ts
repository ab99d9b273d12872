/** Table rooms: one row per room this server knows, with what the directory needs. */
import { LruMap } from "../../lru-map.js";
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

/** What never changes once a room exists (everything but `published`): safe to keep in memory. */
export type RoomIdentity = Omit<RoomRow, "published">;

/**
 * Identities read so far, shared by every caller in the process: the event
 * writer, /sync and the read endpoints ask for a room's version on every
 * request, and rooms are never deleted or changed in these fields. Bounded;
 * the oldest entry goes first.
 */
const identities = new LruMap<string, RoomIdentity>(20_000);

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

  /** The room's fixed fields, from memory after the first read; null for an unknown room (never cached). */
  async identity(q: SqlExecutor, roomId: string): Promise<RoomIdentity | null> {
    const known = identities.get(roomId);
    if (known) return known;
    const row = await roomsTable.get(q, roomId);
    if (!row) return null;
    const { published: _published, ...fields } = row;
    const identity = Object.freeze(fields);
    identities.set(roomId, identity);
    return identity;
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
