/**
 * The room summary (`m.heroes`, member counts) clients use to name rooms
 * without a name. Read from current_state: counts may run ahead of the
 * response's position by a membership committed while it was computed; that
 * membership event arrives in the next response, which carries a fresh
 * summary, so the client converges.
 */
import type { SqlExecutor } from "../../store/database.js";
import { currentStateTable } from "../../store/tables/current-state.js";

export type RoomSummary = {
  "m.heroes": string[];
  "m.joined_member_count": number;
  "m.invited_member_count": number;
};

const HEROES = 5;

export async function roomSummary(q: SqlExecutor, roomId: string, userId: string): Promise<RoomSummary> {
  const counts = await currentStateTable.memberCounts(q, roomId);
  return {
    "m.heroes": await heroes(q, roomId, userId),
    "m.joined_member_count": counts.join ?? 0,
    "m.invited_member_count": counts.invite ?? 0,
  };
}

/**
 * The first five joined or invited members by stream order, never the user;
 * when there are none, the first five who left or were banned (spec).
 */
export async function heroes(q: SqlExecutor, roomId: string, userId: string): Promise<string[]> {
  const rows = await q.query<{ state_key: string; active: boolean; stream_pos: number }>(
    `(SELECT state_key, TRUE AS active, stream_pos FROM current_state
      WHERE room_id = $1 AND type = 'm.room.member' AND state_key <> $2 AND membership IN ('join', 'invite')
      ORDER BY stream_pos LIMIT $3)
     UNION ALL
     (SELECT state_key, FALSE AS active, stream_pos FROM current_state
      WHERE room_id = $1 AND type = 'm.room.member' AND state_key <> $2 AND membership IN ('leave', 'ban')
      ORDER BY stream_pos LIMIT $3)`,
    [roomId, userId, HEROES],
  );
  const active = rows.filter((r) => r.active);
  // UNION ALL keeps no order of its own: sort again.
  return (active.length > 0 ? active : rows).sort((a, b) => a.stream_pos - b.stream_pos).map((r) => r.state_key);
}
