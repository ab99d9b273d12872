/**
 * Table event_push_actions: for each event, the local users it notifies or
 * highlights (the outcome of their push rules), written in the event's
 * transaction. Users the event does not notify have no row. `threadId` is
 * the event's thread ("main" or the thread root's ID), so a threaded read
 * receipt clears only its own thread's rows (services/sync/unread.ts).
 */
import type { SqlExecutor } from "../database.js";

export type PushActionRow = {
  userId: string;
  roomId: string;
  eventId: string;
  streamPos: number;
  threadId: string;
  notify: boolean;
  highlight: boolean;
};

type Raw = { user_id: string; room_id: string; event_id: string; stream_pos: number; thread_id: string; notify: boolean; highlight: boolean };

function fromRaw(r: Raw): PushActionRow {
  return {
    userId: r.user_id, roomId: r.room_id, eventId: r.event_id, streamPos: r.stream_pos, threadId: r.thread_id, notify: r.notify, highlight: r.highlight,
  };
}

export const pushActionsTable = {
  /** One statement for all of an event's recipients. */
  async insertMany(q: SqlExecutor, rows: readonly PushActionRow[]): Promise<void> {
    if (rows.length === 0) return;
    await q.query(
      `INSERT INTO event_push_actions (user_id, room_id, event_id, stream_pos, thread_id, notify, highlight)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::boolean[], $7::boolean[])`,
      [
        rows.map((r) => r.userId),
        rows.map((r) => r.roomId),
        rows.map((r) => r.eventId),
        rows.map((r) => r.streamPos),
        rows.map((r) => r.threadId),
        rows.map((r) => r.notify),
        rows.map((r) => r.highlight),
      ],
    );
  },

  async forEvent(q: SqlExecutor, eventId: string): Promise<PushActionRow[]> {
    const rows = await q.query<Raw>(
      "SELECT user_id, room_id, event_id, stream_pos, thread_id, notify, highlight FROM event_push_actions WHERE event_id = $1 ORDER BY user_id",
      [eventId],
    );
    return rows.map(fromRaw);
  },

  /** Unread counts for one user in one room: notifying events after `after`, and how many of those highlight. */
  async countsAfter(q: SqlExecutor, userId: string, roomId: string, after: number): Promise<{ notifications: number; highlights: number }> {
    const [row] = await q.query<{ notifications: number; highlights: number }>(
      `SELECT count(*) FILTER (WHERE notify) AS notifications, count(*) FILTER (WHERE notify AND highlight) AS highlights
       FROM event_push_actions WHERE user_id = $1 AND room_id = $2 AND stream_pos > $3`,
      [userId, roomId, after],
    );
    return { notifications: row?.notifications ?? 0, highlights: row?.highlights ?? 0 };
  },
};
