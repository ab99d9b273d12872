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
import { batchedRead } from "../../store/batched-reads.js";
import type { SqlExecutor } from "../../store/database.js";

export type UnreadCounts = { notification_count: number; highlight_count: number };

/**
 * CTEs over marks_for(k, user_id, room_id, upto), one row per (user, room)
 * asked about:
 *   room_marks(k, user_id, room_id, upto, pos): read up to, whole room. The
 *     own-event scan starts above the receipt, so a long room history is
 *     not walked when receipts are recent.
 *   thread_marks(k, room_id, thread_id, pos): one per thread with a
 *     threaded receipt (usually none).
 */
const READ_MARKS = /* sql */ `
  room_marks AS (
    SELECT m.k, m.user_id, m.room_id, m.upto, GREATEST(rr.pos, (
        SELECT e.stream_pos FROM events e
        WHERE e.room_id = m.room_id AND e.sender = m.user_id AND e.stream_pos > rr.pos AND e.stream_pos <= m.upto
        ORDER BY e.stream_pos DESC LIMIT 1)) AS pos
    FROM marks_for m
    CROSS JOIN LATERAL (
      SELECT COALESCE(max(rc.event_stream_pos), 0) AS pos FROM receipts rc
      WHERE rc.room_id = m.room_id AND rc.user_id = m.user_id AND rc.thread_id = '' AND rc.receipt_type IN ('m.read', 'm.read.private')) AS rr
  ),
  thread_marks AS (
    SELECT m.k, rc.room_id, rc.thread_id, max(rc.event_stream_pos) AS pos
    FROM receipts rc
    JOIN marks_for m ON m.room_id = rc.room_id AND m.user_id = rc.user_id
    WHERE rc.thread_id <> '' AND rc.receipt_type IN ('m.read', 'm.read.private')
    GROUP BY m.k, rc.room_id, rc.thread_id
  )`;

/** For a push action `pa` of the (user, room) `base`: its thread's mark, `thread` (maybe none). */
const THREAD_MARK = "LEFT JOIN thread_marks thread ON thread.k = base.k AND thread.room_id = pa.room_id AND thread.thread_id = pa.thread_id";

const IS_UNREAD = "pa.stream_pos > base.pos AND pa.stream_pos > COALESCE(thread.pos, 0)";

type UnreadKey = { userId: string; roomIds: readonly string[]; upto: number };

/**
 * The counts of each /sync request woken together, in one statement
 * (store/batched-reads.ts). Counted per (user, room) in a lateral, so each
 * count is the same index range scan a lone request makes: joined as one
 * set, the planner had hashed and sorted every unread row of every key
 * (seconds, measured with 250 users in a 1,000-member channel).
 */
const unreadBatch = batchedRead<UnreadKey, Map<string, UnreadCounts>>(async (q, keys) => {
  const results = keys.map((key) => new Map<string, UnreadCounts>(key.roomIds.map((id) => [id, { notification_count: 0, highlight_count: 0 }])));
  const asked = keys.flatMap((key, k) => key.roomIds.map((roomId) => ({ k, userId: key.userId, roomId, upto: key.upto })));
  if (asked.length === 0) return results;
  const rows = await q.query<{ k: number; room_id: string; notifications: number; highlights: number }>(
    `WITH marks_for AS (SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::bigint[]) AS m(k, user_id, room_id, upto)),
     ${READ_MARKS}
     SELECT base.k, base.room_id, c.notifications, c.highlights
     FROM room_marks base
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE pa.notify) AS notifications,
              count(*) FILTER (WHERE pa.notify AND pa.highlight) AS highlights
       FROM event_push_actions pa
       ${THREAD_MARK}
       WHERE pa.user_id = base.user_id AND pa.room_id = base.room_id AND pa.stream_pos <= base.upto AND ${IS_UNREAD}) c
     WHERE c.notifications > 0`,
    [asked.map((a) => a.k), asked.map((a) => a.userId), asked.map((a) => a.roomId), asked.map((a) => a.upto)],
    { prepare: true },
  );
  for (const r of rows) (results[r.k] as Map<string, UnreadCounts>).set(r.room_id, { notification_count: r.notifications, highlight_count: r.highlights });
  return results;
});

/** Counts for each room (rooms without unread notifications get zeros), in one query. */
export async function unreadCounts(q: SqlExecutor, userId: string, roomIds: readonly string[], upto: number): Promise<Map<string, UnreadCounts>> {
  if (roomIds.length === 0) return new Map();
  return unreadBatch(q, { userId, roomIds, upto });
}

/** Of the user's push actions for `eventIds` (in `roomIds`), the events the user has read as of `upto`. */
export async function readPushActions(
  q: SqlExecutor, userId: string, roomIds: readonly string[], eventIds: readonly string[], upto: number,
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await q.query<{ event_id: string }>(
    `WITH marks_for AS (SELECT 0 AS k, $1::text AS user_id, room_id, $3::bigint AS upto FROM unnest($2::text[]) AS r(room_id)),
     ${READ_MARKS}
     SELECT pa.event_id FROM event_push_actions pa
     JOIN room_marks base ON base.room_id = pa.room_id
     ${THREAD_MARK}
     WHERE pa.user_id = $1 AND pa.event_id = ANY($4::text[]) AND NOT (${IS_UNREAD})`,
    [userId, roomIds, upto, eventIds],
  );
  return new Set(rows.map((r) => r.event_id));
}
