/**
 * Unread counts for /sync: per room, the user's event_push_actions rows
 * (written by the event writer) after the position the user has read up to.
 *
 * Read receipts are a later issue. Until then the user has read a room up to
 * their own latest event in it, so sending a message marks the room read.
 * `readUpTo` is the one function receipts will replace.
 */
import type { SqlExecutor } from "../../store/database.js";

export type UnreadCounts = { notification_count: number; highlight_count: number };

/** Per room, the position the user has read up to as of `upto` (0 when nothing yet). */
export async function readUpTo(q: SqlExecutor, userId: string, roomIds: readonly string[], upto: number): Promise<Map<string, number>> {
  if (roomIds.length === 0) return new Map();
  const rows = await q.query<{ room_id: string; read_pos: number | null }>(
    `SELECT r.room_id, (
       SELECT e.stream_pos FROM events e
       WHERE e.room_id = r.room_id AND e.sender = $1 AND e.stream_pos <= $3
       ORDER BY e.stream_pos DESC LIMIT 1) AS read_pos
     FROM unnest($2::text[]) AS r(room_id)`,
    [userId, roomIds, upto],
  );
  return new Map(rows.map((r) => [r.room_id, r.read_pos ?? 0]));
}

/** Counts for each room (rooms without unread notifications get zeros), bounded by `upto` like the rest of the response. */
export async function unreadCounts(q: SqlExecutor, userId: string, roomIds: readonly string[], upto: number): Promise<Map<string, UnreadCounts>> {
  const result = new Map<string, UnreadCounts>(roomIds.map((id) => [id, { notification_count: 0, highlight_count: 0 }]));
  if (roomIds.length === 0) return result;
  const read = await readUpTo(q, userId, roomIds, upto);
  const rows = await q.query<{ room_id: string; notifications: number; highlights: number }>(
    `SELECT r.room_id,
       count(*) FILTER (WHERE pa.notify) AS notifications,
       count(*) FILTER (WHERE pa.notify AND pa.highlight) AS highlights
     FROM unnest($2::text[], $3::bigint[]) AS r(room_id, read_pos)
     JOIN event_push_actions pa ON pa.user_id = $1 AND pa.room_id = r.room_id AND pa.stream_pos > r.read_pos AND pa.stream_pos <= $4
     GROUP BY r.room_id`,
    [userId, roomIds, roomIds.map((id) => read.get(id) ?? 0), upto],
  );
  for (const r of rows) result.set(r.room_id, { notification_count: r.notifications, highlight_count: r.highlights });
  return result;
}
