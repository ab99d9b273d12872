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
 */
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

const inRange = (table: string) => `${table}.stream_pos > $3::bigint AND ${table}.stream_pos <= $2::bigint`;

const QUERY = /* sql */ `
WITH flags AS (
  SELECT
    $3::bigint = 0 OR EXISTS (SELECT 1 FROM account_data a WHERE a.user_id = $1 AND ${inRange("a")}) AS changed_account_data,
    $3::bigint = 0 OR EXISTS (SELECT 1 FROM push_rules pr WHERE pr.user_id = $1 AND ${inRange("pr")}) AS changed_push_rules,
    $3::bigint = 0 OR EXISTS (
      SELECT 1 FROM presence p WHERE ${inRange("p")}
        AND (p.user_id = $1 OR EXISTS (
          SELECT 1 FROM current_state mine JOIN current_state them ON them.room_id = mine.room_id
          WHERE mine.type = 'm.room.member' AND mine.state_key = $1 AND mine.membership = 'join'
            AND them.type = 'm.room.member' AND them.state_key = p.user_id AND them.membership = 'join'))
    ) AS changed_presence
),
rooms AS (
  SELECT cs.room_id, m.membership, m.event_id, m.stream_pos, s.membership AS since_membership,
    $3::bigint = 0 OR EXISTS (SELECT 1 FROM events e WHERE e.room_id = cs.room_id AND ${inRange("e")}) AS has_events,
    $3::bigint = 0 OR EXISTS (SELECT 1 FROM events e WHERE e.room_id = cs.room_id AND e.state_key IS NOT NULL AND ${inRange("e")}) AS has_state,
    $3::bigint = 0 OR EXISTS (SELECT 1 FROM receipts rc WHERE rc.room_id = cs.room_id AND ${inRange("rc")}) AS has_receipts
  FROM current_state cs
  CROSS JOIN LATERAL (
    SELECT membership, event_id, stream_pos FROM events e
    WHERE e.room_id = cs.room_id AND e.type = 'm.room.member' AND e.state_key = $1 AND e.stream_pos <= $2::bigint
    ORDER BY e.stream_pos DESC LIMIT 1) m
  LEFT JOIN LATERAL (
    SELECT membership FROM events e
    WHERE e.room_id = cs.room_id AND e.type = 'm.room.member' AND e.state_key = $1 AND e.stream_pos <= $3::bigint
    ORDER BY e.stream_pos DESC LIMIT 1) s ON TRUE
  WHERE cs.type = 'm.room.member' AND cs.state_key = $1
    AND NOT EXISTS (SELECT 1 FROM room_forgotten f WHERE f.user_id = $1 AND f.room_id = cs.room_id)
)
SELECT f.changed_account_data, f.changed_push_rules, f.changed_presence, r.*
FROM flags f LEFT JOIN rooms r ON TRUE
ORDER BY r.room_id`;

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

export async function userRoomsAt(q: SqlExecutor, userId: string, since: number, upto: number): Promise<UserRoomsAt> {
  const rows = await q.query<Raw>(QUERY, [userId, upto, since], { prepare: true });
  const first = rows[0];
  const changes: UserChanges = first
    ? { accountData: first.changed_account_data, pushRules: first.changed_push_rules, presence: first.changed_presence }
    : { accountData: true, pushRules: true, presence: true };
  const rooms = rows.flatMap((r): UserRoom[] => r.room_id === null ? [] : [{
    roomId: r.room_id,
    membership: r.membership,
    eventId: r.event_id,
    streamPos: r.stream_pos,
    sinceMembership: r.since_membership,
    hasEvents: r.has_events,
    hasState: r.has_state,
    hasReceipts: r.has_receipts,
  }]);
  return { rooms, changes };
}
