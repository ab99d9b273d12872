/**
 * Presence for /sync: m.presence events of the viewer and of users sharing a
 * joined room with them, in one query. A user is sent when
 *   - their presence changed in (since, upto], or
 *   - they became a co-member in (since, upto] (they joined one of the
 *     viewer's rooms, or the viewer joined one of theirs), so a client
 *     learns a new colleague's presence without waiting for it to change.
 * An initial sync is since = 0: everyone's current presence. Rows written
 * after `upto` wait for the next sync. Co-membership is read from
 * current_state (membership now), like the wake-ups that deliver it.
 */
import type { clientTypes } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import { PRESENCE_COLUMNS, presenceRowsOf, type PresenceRaw } from "../../store/tables/presence.js";
import { matchesEvent, type EventMatcher } from "../filters/match.js";
import { presenceContent } from "../presence/rules.js";

export type PresenceRequest = { viewer: string; since: number; upto: number; initial: boolean; filter: EventMatcher; now: number };

export type PresenceEvent = clientTypes.BasicEvent & { sender: string };

const PRESENCE = "m.presence";

const QUERY = /* sql */ `
WITH my_rooms AS (
  SELECT room_id, stream_pos FROM current_state
  WHERE type = 'm.room.member' AND state_key = $1 AND membership = 'join'
),
changed AS (
  SELECT p.user_id FROM presence p
  WHERE p.stream_pos > $2 AND p.stream_pos <= $3
    AND (p.user_id = $1 OR EXISTS (
      SELECT 1 FROM my_rooms m JOIN current_state c ON c.room_id = m.room_id
      WHERE c.type = 'm.room.member' AND c.state_key = p.user_id AND c.membership = 'join'))
),
met AS (
  SELECT c.state_key AS user_id FROM my_rooms m JOIN current_state c ON c.room_id = m.room_id
  WHERE c.type = 'm.room.member' AND c.membership = 'join'
    AND ((c.stream_pos > $2 AND c.stream_pos <= $3) OR (m.stream_pos > $2 AND m.stream_pos <= $3))
)
SELECT ${PRESENCE_COLUMNS} FROM presence
WHERE stream_pos <= $3 AND user_id IN (SELECT user_id FROM changed UNION SELECT user_id FROM met)
ORDER BY user_id`;

export async function presenceEvents(q: SqlExecutor, req: PresenceRequest): Promise<PresenceEvent[]> {
  // A filter that drops m.presence altogether (a common way to turn presence off) costs no query.
  if (!matchesEvent(req.filter, { type: PRESENCE })) return [];
  const since = req.initial ? 0 : req.since;
  const rows = await presenceRowsOf(q, await q.query<PresenceRaw>(QUERY, [req.viewer, since, req.upto]));
  const events: PresenceEvent[] = [];
  for (const row of rows) {
    if (!matchesEvent(req.filter, { type: PRESENCE, sender: row.userId })) continue;
    events.push({ type: PRESENCE, sender: row.userId, content: presenceContent(row, req.now) });
  }
  return events;
}
