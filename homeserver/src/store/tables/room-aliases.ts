/** Table room_aliases: the aliases of this server, each naming one room. */
import type { SqlExecutor } from "../database.js";

export type RoomAliasRow = { alias: string; roomId: string; creator: string; createdTs: number };

type Raw = { alias: string; room_id: string; creator: string; created_ts: number };

const COLUMNS = "alias, room_id, creator, created_ts";

function fromRaw(r: Raw): RoomAliasRow {
  return { alias: r.alias, roomId: r.room_id, creator: r.creator, createdTs: Number(r.created_ts) };
}

export const roomAliasesTable = {
  /** False when the alias is taken (the existing one is kept). */
  async insert(q: SqlExecutor, row: RoomAliasRow): Promise<boolean> {
    const rows = await q.query(
      `INSERT INTO room_aliases (${COLUMNS}) VALUES ($1, $2, $3, $4) ON CONFLICT (alias) DO NOTHING RETURNING alias`,
      [row.alias, row.roomId, row.creator, row.createdTs],
    );
    return rows.length === 1;
  },

  async get(q: SqlExecutor, alias: string): Promise<RoomAliasRow | null> {
    const [row] = await q.query<Raw>(`SELECT ${COLUMNS} FROM room_aliases WHERE alias = $1`, [alias]);
    return row ? fromRaw(row) : null;
  },

  async listForRoom(q: SqlExecutor, roomId: string): Promise<string[]> {
    const rows = await q.query<{ alias: string }>("SELECT alias FROM room_aliases WHERE room_id = $1 ORDER BY alias", [roomId]);
    return rows.map((r) => r.alias);
  },

  async delete(q: SqlExecutor, alias: string): Promise<boolean> {
    const rows = await q.query("DELETE FROM room_aliases WHERE alias = $1 RETURNING alias", [alias]);
    return rows.length === 1;
  },
};
