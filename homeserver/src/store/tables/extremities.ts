/**
 * Table room_extremities: the room's forward extremities, the events with
 * no children yet — the prev_events of the next event built here. Read and
 * replace them under the room lock (locks.ts), in the send transaction.
 */
import type { SqlExecutor } from "../database.js";

export const extremitiesTable = {
  async get(q: SqlExecutor, roomId: string): Promise<string[]> {
    const rows = await q.query<{ event_id: string }>("SELECT event_id FROM room_extremities WHERE room_id = $1 ORDER BY event_id", [roomId]);
    return rows.map((r) => r.event_id);
  },

  /** Makes `eventIds` the room's whole set of extremities (after a local event: just that event). */
  async replace(q: SqlExecutor, roomId: string, eventIds: readonly string[]): Promise<void> {
    await q.query("DELETE FROM room_extremities WHERE room_id = $1", [roomId]);
    if (eventIds.length === 0) return;
    await q.query(
      "INSERT INTO room_extremities (room_id, event_id) SELECT $1, id FROM unnest($2::text[]) AS u(id) ON CONFLICT DO NOTHING",
      [roomId, eventIds],
    );
  },
};
