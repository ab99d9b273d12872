/**
 * The first read of every /sync: the user's rooms as of `upto`, and which
 * kinds of data changed in (since, upto] — in ONE statement, so an
 * incremental sync skips the reads that would come back empty. A woken
 * long-poll usually carries one new message in one room; without these
 * flags it would still ask for account data, push rules, receipts,
 * presence and state changes, each a round trip that finds nothing.
 *
 * Rooms are read from events, not current_state, because current_state may
 * already hold changes committed after `upto`. Rooms the user has forgotten
 * are left out.
 *
 * Each flag is a superset of what the read it guards would find (false
 * only when that read would return nothing), never a guess:
 *   hasEvents      any event in the room in (since, upto]
 *   hasState       any state event in the room in (since, upto]
 *   hasReceipts    any receipt in the room in (since, upto]
 *   accountData    any of the user's account data rows in (since, upto]
 *   pushRules      any change to the user's push rules in (since, upto]
 *   presence       a presence change in (since, upto] of the user or of
 *                  someone sharing a joined room with them (presence.ts
 *                  also sends co-members met in range: those come with a
 *                  member event, so with hasState on that room)
 * With since = 0 (an initial sync) every flag is simply true.
 *
 * The /sync requests a message wakes together ask together: one statement
 * answers all of them (store/batched-reads.ts), each key its own lateral.
 */
import { batchedRead } from "../../store/batched-reads.js";
import type { SqlExecutor } from "../../store/database.js";

export type UserRoom = {
  roomId: string;
  /** The user's membership as of `upto`, and the member event that set it. */
  membership: string;
  eventId: string;
  streamPos: number;
  /** The membership as of `since` (null: none then, or no `since`). */
  sinceMembership: string | null;
  hasEvents: boolean;
  hasState: boolean;
  hasReceipts: boolean;
};

export type UserChanges = { accountData: boolean; pushRules: boolean; presence: boolean };

export type UserRoomsAt = { rooms: UserRoom[]; changes: UserChanges };

const inRange = (table: string) => `${table}.stream_pos > k.since AND ${table}.stream_pos <= k.upto`;

/** Per key (user, since, upto): the flags, then one row per room (none for a user without rooms), in key order. */
const QUERY = /* sql */ `
SELECT k.i, f.changed_account_data, f.changed_push_rules, f.changed_presence, r.*
FROM unnest($1::text[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS k(user_id, upto, since, i)
CROSS JOIN LATERAL (
  SELECT
    k.since = 0 OR EXISTS (SELECT 1 FROM account_data a WHERE a.user_id = k.user_id AND ${inRange("a")}) AS changed_account_data,
    k.since = 0 OR EXISTS (SELECT 1 FROM push_rules pr WHERE pr.user_id = k.user_id AND ${inRange("pr")}) AS changed_push_rules,
    k.since = 0 OR EXISTS (
      SELECT 1 FROM presence p WHERE ${inRange("p")}
        AND (p.user_id = k.user_id OR EXISTS (
          SELECT 1 FROM current_state mine JOIN current_state them ON them.room_id = mine.room_id
          WHERE mine.type = 'm.room.member' AND mine.state_key = k.user_id AND mine.membership = 'join'
            AND them.type = 'm.room.member' AND them.state_key = p.user_id AND them.membership = 'join'))
    ) AS changed_presence
) f
LEFT JOIN LATERAL (
  SELECT cs.room_id, m.membership, m.event_id, m.stream_pos, s.membership AS since_membership,
    k.since = 0 OR EXISTS (SELECT 1 FROM events e WHERE e.room_id = cs.room_id AND ${inRange("e")}) AS has_events,
    k.since = 0 OR EXISTS (SELECT 1 FROM events e WHERE e.room_id = cs.room_id AND e.state_key IS NOT NULL AND ${inRange("e")}) AS has_state,
    k.since = 0 OR EXISTS (SELECT 1 FROM receipts rc WHERE rc.room_id = cs.room_id AND ${inRange("rc")}) AS has_receipts
  FROM current_state cs
  CROSS JOIN LATERAL (
    SELECT membership, event_id, stream_pos FROM events e
    WHERE e.room_id = cs.room_id AND e.type = 'm.room.member' AND e.state_key = k.user_id AND e.stream_pos <= k.upto
    ORDER BY e.stream_pos DESC LIMIT 1) m
  LEFT JOIN LATERAL (
    SELECT membership FROM events e
    WHERE e.room_id = cs.room_id AND e.type = 'm.room.member' AND e.state_key = k.user_id AND e.stream_pos <= k.since
    ORDER BY e.stream_pos DESC LIMIT 1) s ON TRUE
  WHERE cs.type = 'm.room.member' AND cs.state_key = k.user_id
    AND NOT EXISTS (SELECT 1 FROM room_forgotten fg WHERE fg.user_id = k.user_id AND fg.room_id = cs.room_id)
) r ON TRUE
ORDER BY k.i, r.room_id`;

type Raw = {
  changed_account_data: boolean;
  changed_push_rules: boolean;
  changed_presence: boolean;
  // null on the one row of a user with no rooms
  room_id: string | null;
  membership: string;
  event_id: string;
  stream_pos: number;
  since_membership: string | null;
  has_events: boolean;
  has_state: boolean;
  has_receipts: boolean;
};

export type UserRoomsKey = { userId: string; since: number; upto: number };

/** The concurrent /sync requests' first reads, one statement for all (store/batched-reads.ts). */
const userRoomsBatch = batchedRead<UserRoomsKey, UserRoomsAt>(async (q, keys) => {
  const rows = await q.query<Raw & { i: number }>(
    QUERY,
    [keys.map((k) => k.userId), keys.map((k) => k.upto), keys.map((k) => k.since)],
    { prepare: true },
  );
  const results = keys.map((): UserRoomsAt => ({ rooms: [], changes: { accountData: true, pushRules: true, presence: true } }));
  for (const r of rows) {
    const result = results[r.i - 1] as UserRoomsAt;
    result.changes = { accountData: r.changed_account_data, pushRules: r.changed_push_rules, presence: r.changed_presence };
    if (r.room_id === null) continue;
    result.rooms.push({
      roomId: r.room_id,
      membership: r.membership,
      eventId: r.event_id,
      streamPos: r.stream_pos,
      sinceMembership: r.since_membership,
      hasEvents: r.has_events,
      hasState: r.has_state,
      hasReceipts: r.has_receipts,
    });
  }
  return results;
});

export function userRoomsAt(q: SqlExecutor, userId: string, since: number, upto: number): Promise<UserRoomsAt> {
  return userRoomsBatch(q, { userId, since, upto });
}
