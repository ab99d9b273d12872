/**
 * What a user has read, for /sync's unread counts and GET /notifications'
 * `read` flag: one rule, in SQL, over the user's event_push_actions rows
 * (written by the event writer, each with its thread).
 *
 * A row is read when the user has read its room up to it, or its thread:
 *   - the room: the later of the user's unthreaded m.read / m.read.private
 *     receipts, and the user's own latest event in the room (someone who
 *     writes has seen the room: sending a message marks it read, as clients
 *     do not send receipts for their own events);
 *   - its thread ("main" for the main timeline, the root's ID for a thread):
 *     the later of the user's threaded receipts for that thread.
 * Positions compare in stream order, the rooms' event order.
 *
 * Push actions and own events are bounded by `upto` like the rest of the
 * response. Receipts are not: a receipt written after `upto` has already
 * replaced the one before it, and ignoring it would count the room's whole
 * history again for one response; receipts only move forward, so using it
 * can only lower counts the next response lowers anyway.
 */
import type { SqlExecutor } from "../../store/database.js";

export type UnreadCounts = { notification_count: number; highlight_count: number };

/**
 * CTE read_marks(room_id, thread_id, pos) for user $1, rooms $2, bound $3:
 * per room a row with thread_id '' (read up to, whole room), plus a row per
 * thread with a threaded receipt. The own-event scan starts above the
 * receipt, so a long room history is not walked when receipts are recent.
 */
const READ_MARKS = /* sql */ `
  read_marks AS (
    SELECT r.room_id, ''::text AS thread_id, GREATEST(rr.pos, (
        SELECT e.stream_pos FROM events e
        WHERE e.room_id = r.room_id AND e.sender = $1 AND e.stream_pos > rr.pos AND e.stream_pos <= $3
        ORDER BY e.stream_pos DESC LIMIT 1)) AS pos
    FROM unnest($2::text[]) AS r(room_id)
    CROSS JOIN LATERAL (
      SELECT COALESCE(max(rc.event_stream_pos), 0) AS pos FROM receipts rc
      WHERE rc.room_id = r.room_id AND rc.user_id = $1 AND rc.thread_id = '' AND rc.receipt_type IN ('m.read', 'm.read.private')) AS rr
    UNION ALL
    SELECT rc.room_id, rc.thread_id, max(rc.event_stream_pos) AS pos FROM receipts rc
    WHERE rc.room_id = ANY($2::text[]) AND rc.user_id = $1 AND rc.thread_id <> '' AND rc.receipt_type IN ('m.read', 'm.read.private')
    GROUP BY rc.room_id, rc.thread_id
  )`;

/** For a push action `pa` joined to its room's mark `base`: its thread's mark, `thread` (maybe none). */
const THREAD_MARK = "LEFT JOIN read_marks thread ON thread.room_id = pa.room_id AND thread.thread_id = pa.thread_id";

const IS_UNREAD = "pa.stream_pos > base.pos AND pa.stream_pos > COALESCE(thread.pos, 0)";

/** Counts for each room (rooms without unread notifications get zeros), in one query. */
export async function unreadCounts(q: SqlExecutor, userId: string, roomIds: readonly string[], upto: number): Promise<Map<string, UnreadCounts>> {
  const result = new Map<string, UnreadCounts>(roomIds.map((id) => [id, { notification_count: 0, highlight_count: 0 }]));
  if (roomIds.length === 0) return result;
  const rows = await q.query<{ room_id: string; notifications: number; highlights: number }>(
    `WITH ${READ_MARKS}
     SELECT pa.room_id,
       count(*) FILTER (WHERE pa.notify) AS notifications,
       count(*) FILTER (WHERE pa.notify AND pa.highlight) AS highlights
     FROM read_marks base
     JOIN event_push_actions pa ON pa.user_id = $1 AND pa.room_id = base.room_id AND pa.stream_pos > base.pos AND pa.stream_pos <= $3
     ${THREAD_MARK}
     WHERE base.thread_id = '' AND ${IS_UNREAD}
     GROUP BY pa.room_id`,
    [userId, roomIds, upto],
    { prepare: true },
  );
  for (const r of rows) result.set(r.room_id, { notification_count: r.notifications, highlight_count: r.highlights });
  return result;
}

/** Of the user's push actions for `eventIds` (in `roomIds`), the events the user has read as of `upto`. */
export async function readPushActions(
  q: SqlExecutor, userId: string, roomIds: readonly string[], eventIds: readonly string[], upto: number,
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await q.query<{ event_id: string }>(
    `WITH ${READ_MARKS}
     SELECT pa.event_id FROM event_push_actions pa
     JOIN read_marks base ON base.room_id = pa.room_id AND base.thread_id = ''
     ${THREAD_MARK}
     WHERE pa.user_id = $1 AND pa.event_id = ANY($4::text[]) AND NOT (${IS_UNREAD})`,
    [userId, roomIds, upto, eventIds],
  );
  return new Set(rows.map((r) => r.event_id));
}
