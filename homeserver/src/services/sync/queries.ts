/**
 * The SQL /sync, /messages and /context need beyond the table modules:
 * every query is bounded by a stream position read once per request, so a
 * response describes one consistent point of the stream (events committing
 * meanwhile land in the next response, never in a gap).
 *
 * These read the events, current_state and txn_ids tables; they live here
 * rather than in store/tables/ because they take compiled filters.
 */
import { batchedRead } from "../../store/batched-reads.js";
import type { SqlExecutor } from "../../store/database.js";
import { EVENT_COLUMNS, eventRowOf, eventRowsOf, type EventRaw, type EventRow } from "../../store/tables/events.js";
import { eventFilterSql, type EventMatcher } from "../filters/match.js";

/**
 * The last `limit` events of one room in (since, upto] that match the
 * filter, newest first, and whether older matching ones were left out.
 */
export async function recentMatching(
  q: SqlExecutor,
  range: { roomId: string; since: number; upto: number; limit: number; matcher: EventMatcher },
): Promise<{ events: EventRow[]; limited: boolean }> {
  const rows = await pageMatching(q, range.roomId, { dir: "b", from: range.upto, to: range.since, limit: range.limit + 1, matcher: range.matcher });
  // The one extra row only tells that the range holds more than `limit`.
  return { events: rows.slice(0, range.limit), limited: rows.length > range.limit };
}

/** One page of a room's timeline: "b" newest first with to < pos ≤ from, "f" oldest first with from < pos ≤ to. */
export async function pageMatching(
  q: SqlExecutor,
  roomId: string,
  page: { dir: "b" | "f"; from: number; to: number | undefined; limit: number; matcher: EventMatcher },
): Promise<EventRow[]> {
  const filter = eventFilterSql(page.matcher, 5);
  const backwards = page.dir === "b";
  const rows = await sharedPage(q, {
    sql: `SELECT ${EVENT_COLUMNS} FROM events
     WHERE room_id = $1
       AND ${backwards ? "stream_pos <= $2 AND ($3::bigint IS NULL OR stream_pos > $3)" : "stream_pos > $2 AND ($3::bigint IS NULL OR stream_pos <= $3)"}
       AND ${filter.sql}
     ORDER BY stream_pos ${backwards ? "DESC" : "ASC"}
     LIMIT $4`,
    params: [roomId, page.from, page.to ?? null, page.limit, ...filter.params],
  });
  return eventRowsOf(q, rows);
}

/**
 * A message wakes every member's /sync with the same range and, usually,
 * the same filter: identical page reads asked for together share one
 * statement (store/batched-reads.ts), which goes out after all of them
 * asked, so each sees what it would have seen alone.
 */
const sharedPage = batchedRead<{ sql: string; params: readonly unknown[] }, readonly EventRaw[]>(
  (q, pages) => Promise.all(pages.map((page) => q.query<EventRaw>(page.sql, page.params))),
  { identity: (page) => `${page.sql}\0${JSON.stringify(page.params)}` },
);

/**
 * Per (type, state_key), the latest state event in (after, upto]: the state
 * that changed in that range, as of `upto`. With after = 0 it is the whole
 * state as of `upto`. Oldest first, the order a client applies them in.
 */
export async function stateChangedBetween(q: SqlExecutor, roomId: string, after: number, upto: number): Promise<EventRow[]> {
  if (after >= upto) return [];
  const rows = await q.query<EventRaw>(
    `SELECT * FROM (
       SELECT DISTINCT ON (type, state_key) ${EVENT_COLUMNS} FROM events
       WHERE room_id = $1 AND state_key IS NOT NULL AND stream_pos > $2 AND stream_pos <= $3
       ORDER BY type, state_key, stream_pos DESC) s
     ORDER BY stream_pos`,
    [roomId, after, upto],
  );
  return eventRowsOf(q, rows);
}

/** The member events of these users as of `at` (users without one are absent). */
export async function membersAt(q: SqlExecutor, roomId: string, userIds: readonly string[], at: number): Promise<EventRow[]> {
  if (userIds.length === 0) return [];
  const rows = await q.query<EventRaw>(
    `SELECT m.* FROM unnest($2::text[]) AS u(user_id)
     CROSS JOIN LATERAL (
       SELECT ${EVENT_COLUMNS} FROM events
       WHERE room_id = $1 AND type = 'm.room.member' AND state_key = u.user_id AND stream_pos <= $3
       ORDER BY stream_pos DESC LIMIT 1) m
     ORDER BY m.stream_pos`,
    [roomId, [...new Set(userIds)], at],
  );
  return eventRowsOf(q, rows);
}

/** Transaction IDs the device used for these events (clients match them to their local echo). */
export async function txnIdsOf(q: SqlExecutor, userId: string, deviceId: string, eventIds: readonly string[]): Promise<Map<string, string>> {
  if (eventIds.length === 0) return new Map();
  const rows = await q.query<{ event_id: string; txn_id: string }>(
    "SELECT event_id, txn_id FROM txn_ids WHERE user_id = $1 AND device_id = $2 AND event_id = ANY($3::text[])",
    [userId, deviceId, eventIds],
  );
  return new Map(rows.map((r) => [r.event_id, clientTxnId(r.txn_id)]));
}

/**
 * The event writer stores a transaction ID scoped to its endpoint and path
 * (rooms/event-writer.ts txnKey: a JSON array ending with the client's ID);
 * clients want back the ID they sent.
 */
export function clientTxnId(stored: string): string {
  if (!stored.startsWith("[")) return stored;
  try {
    const parts = JSON.parse(stored) as unknown;
    const last = Array.isArray(parts) ? parts[parts.length - 1] : undefined;
    return typeof last === "string" ? last : stored;
  } catch {
    return stored;
  }
}

/** For each state event, the state event it replaced (same type and state key, the latest before it). */
export async function replacedStateOf(q: SqlExecutor, events: readonly EventRow[]): Promise<Map<string, EventRow>> {
  const state = events.filter((e) => e.stateKey !== null);
  if (state.length === 0) return new Map();
  const rows = await q.query<EventRaw & { replaced_by: string }>(
    `SELECT x.event_id AS replaced_by, p.* FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
       AS x(event_id, room_id, type, state_key, stream_pos)
     CROSS JOIN LATERAL (
       SELECT ${EVENT_COLUMNS} FROM events
       WHERE room_id = x.room_id AND type = x.type AND state_key = x.state_key AND stream_pos < x.stream_pos
       ORDER BY stream_pos DESC LIMIT 1) p`,
    [state.map((e) => e.eventId), state.map((e) => e.roomId), state.map((e) => e.type), state.map((e) => e.stateKey), state.map((e) => e.streamPos)],
  );
  await q.atRest.knowKeys(q, rows.map((r) => r.key_id));
  return new Map(rows.map((r) => [r.replaced_by, eventRowOf(r)]));
}

/** Whether the user had a join in (after, upto]: a left room's state is only sent to someone who was in it. */
export async function joinedBetween(q: SqlExecutor, roomId: string, userId: string, after: number, upto: number): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM events WHERE room_id = $1 AND type = 'm.room.member' AND state_key = $2 AND membership = 'join'
       AND stream_pos > $3 AND stream_pos <= $4 LIMIT 1`,
    [roomId, userId, after, upto],
  );
  return rows.length === 1;
}
