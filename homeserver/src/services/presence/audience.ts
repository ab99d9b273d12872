/**
 * Who sees a user's presence: the user and everyone sharing a joined room
 * with them. Read from current_state (membership now), and used both to
 * authorise GET /presence and to wake the right /sync long-polls.
 */
import type { SqlExecutor } from "../../store/database.js";
import type { ServiceContext } from "../context.js";

export async function sharesJoinedRoom(q: SqlExecutor, a: string, b: string): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM current_state mine
     JOIN current_state theirs ON theirs.room_id = mine.room_id
       AND theirs.type = 'm.room.member' AND theirs.state_key = $2 AND theirs.membership = 'join'
     WHERE mine.type = 'm.room.member' AND mine.state_key = $1 AND mine.membership = 'join'
     LIMIT 1`,
    [a, b],
  );
  return rows.length > 0;
}

/** Every room at least one of these users is joined to, in one query. */
export async function joinedRoomsOf(q: SqlExecutor, userIds: readonly string[]): Promise<string[]> {
  const rows = await q.query<{ room_id: string }>(
    `SELECT DISTINCT room_id FROM current_state
     WHERE type = 'm.room.member' AND state_key = ANY($1::text[]) AND membership = 'join' ORDER BY room_id`,
    [userIds],
  );
  return rows.map((r) => r.room_id);
}

/**
 * After COMMIT: wakes the long-polls of these users and of everyone in their
 * rooms. Never throws: a lost wake-up only delays delivery (the next /sync
 * reads the table), so failures are logged.
 */
export async function wakeAudience(ctx: ServiceContext, userIds: readonly string[], position: number): Promise<void> {
  try {
    const roomIds = await joinedRoomsOf(ctx.db, userIds);
    await ctx.bus.publish({ kind: "stream", position, roomIds, userIds: [...userIds] });
  } catch (err) {
    ctx.logger.warn({ err, users: userIds.length, position }, "presence wake-up not published");
  }
}
