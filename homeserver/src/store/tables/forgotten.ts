/**
 * Table room_forgotten: rooms a user has left and then forgotten (/forget).
 * Forgotten rooms vanish from that user's /sync (sync/user-rooms.ts userRoomsAt
 * leaves them out); rejoining clears the mark.
 */
import type { SqlExecutor } from "../database.js";

export const forgottenTable = {
  async insert(q: SqlExecutor, userId: string, roomId: string): Promise<void> {
    await q.query("INSERT INTO room_forgotten (user_id, room_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [userId, roomId]);
  },

  async isForgotten(q: SqlExecutor, userId: string, roomId: string): Promise<boolean> {
    const rows = await q.query("SELECT 1 FROM room_forgotten WHERE user_id = $1 AND room_id = $2", [userId, roomId]);
    return rows.length === 1;
  },

  /** Clears the mark (the user joined or was invited again). */
  async delete(q: SqlExecutor, userId: string, roomId: string): Promise<void> {
    await q.query("DELETE FROM room_forgotten WHERE user_id = $1 AND room_id = $2", [userId, roomId]);
  },
};
