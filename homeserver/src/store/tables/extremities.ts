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

  /** Makes `eventIds` the room's whole set of extremities (after a local event: just that event). One statement: it runs under the room lock in the send path. */
  async replace(q: SqlExecutor, roomId: string, eventIds: readonly string[]): Promise<void> {
    // The DELETE spares the IDs being inserted: both parts see one snapshot, so deleting a row the INSERT skips as a conflict would lose it.
    await q.query(
      `WITH gone AS (DELETE FROM room_extremities WHERE room_id = $1 AND NOT (event_id = ANY($2::text[])))
       INSERT INTO room_extremities (room_id, event_id) SELECT $1, id FROM unnest($2::text[]) AS u(id) ON CONFLICT DO NOTHING`,
      [roomId, eventIds],
    );
  },

  /** The extremities and the greatest depth among them: what the next event's prev_events and depth come from. */
  async withDepth(q: SqlExecutor, roomId: string): Promise<{ eventIds: string[]; depth: number }> {
    const rows = await q.query<{ event_id: string; depth: number | null }>(
      "SELECT x.event_id, e.depth FROM room_extremities x LEFT JOIN events e ON e.event_id = x.event_id WHERE x.room_id = $1 ORDER BY x.event_id",
      [roomId],
      { prepare: true },
    );
    return { eventIds: rows.map((r) => r.event_id), depth: Math.max(0, ...rows.map((r) => r.depth ?? 0)) };
  },
};
