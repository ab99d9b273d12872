/**
 * Who may see what of a room: current membership, and history visibility
 * per event (client-server API, "Room history visibility"). Used by the
 * room endpoints and by /sync and /messages, so the rule lives in one place.
 *
 * The rule is applied with the room's state AT each event (before it): the
 * history_visibility in force and the user's membership then. A page of
 * events costs one query, whatever its length: the user's membership
 * events in the room and the room's history_visibility events up to the
 * page's newest position. Both lists are short in practice.
 *
 * Stream order is the room's event order here: every event of a room is
 * created under the room lock (event-writer.ts), so positions follow the DAG.
 */
import { batchedRead } from "../../store/batched-reads.js";
import type { SqlExecutor } from "../../store/database.js";
import { pduOf } from "./stored-events.js";

export type VisibilityCandidate = { eventId: string; streamPos: number; type: string; stateKey: string | null };

export type HistoryVisibility = "world_readable" | "shared" | "invited" | "joined";

const MEMBER = "m.room.member";
const HISTORY_VISIBILITY = "m.room.history_visibility";

/** Anything unset or not understood counts as `shared` (spec default). */
export function historyVisibilityOf(content: unknown): HistoryVisibility {
  const value = typeof content === "object" && content !== null ? (content as { history_visibility?: unknown }).history_visibility : undefined;
  return value === "world_readable" || value === "invited" || value === "joined" ? value : "shared";
}

/** The user's membership in the room now ("join", "invite", "leave", "ban", "knock"), or null if they never had one. */
export async function roomMembershipOf(q: SqlExecutor, userId: string, roomId: string): Promise<string | null> {
  const [row] = await q.query<{ membership: string | null }>(
    "SELECT membership FROM current_state WHERE room_id = $1 AND type = 'm.room.member' AND state_key = $2",
    [roomId, userId],
  );
  return row?.membership ?? null;
}

/** A value that changes at stream positions: `at(pos)` is the value in force just before `pos`. */
type Timeline<T> = { positions: number[]; values: T[]; initial: T };

function valueBefore<T>(tl: Timeline<T>, pos: number): T {
  // Binary search for the last change strictly before pos.
  let lo = 0;
  let hi = tl.positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tl.positions[mid] as number) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? tl.initial : (tl.values[lo - 1] as T);
}

function valueAt<T>(tl: Timeline<T>, pos: number): T | undefined {
  const i = tl.positions.indexOf(pos);
  return i === -1 ? undefined : tl.values[i];
}

function allowed(visibility: HistoryVisibility, membership: string | null, joinedLater: boolean): boolean {
  if (visibility === "world_readable") return true;
  if (membership === "join") return true;
  if (visibility === "shared" && joinedLater) return true;
  return membership === "invite" && visibility === "invited";
}

type HistoryRow = { type: string; event_id: string; stream_pos: number; membership: string | null; pdu: string | null; sealed_pdu: Uint8Array | null; key_id: string | null };

/**
 * Both histories in one statement: the user's member events and the room's
 * history_visibility events up to the page. The /sync requests one message
 * wakes ask together, so their reads share a statement (store/batched-reads.ts).
 */
const historiesOf = batchedRead<{ roomId: string; userId: string; maxPos: number }, HistoryRow[]>(async (q, keys) => {
  const rows = await q.query<HistoryRow & { i: number }>(
    `SELECT k.i, e.* FROM unnest($1::text[], $2::text[], $3::bigint[]) WITH ORDINALITY AS k(room_id, user_id, max_pos, i)
     CROSS JOIN LATERAL (
       SELECT type, event_id, stream_pos, membership,
              CASE WHEN type = '${HISTORY_VISIBILITY}' THEN pdu END AS pdu,
              CASE WHEN type = '${HISTORY_VISIBILITY}' THEN sealed_pdu END AS sealed_pdu,
              CASE WHEN type = '${HISTORY_VISIBILITY}' THEN key_id END AS key_id
       FROM events
       WHERE room_id = k.room_id
         AND ((type = '${MEMBER}' AND state_key = k.user_id) OR (type = '${HISTORY_VISIBILITY}' AND state_key = '' AND stream_pos <= k.max_pos))) e
     ORDER BY k.i, e.stream_pos`,
    [keys.map((k) => k.roomId), keys.map((k) => k.userId), keys.map((k) => k.maxPos)],
    { prepare: true },
  );
  const byKey = keys.map((): HistoryRow[] => []);
  for (const row of rows) (byKey[row.i - 1] as HistoryRow[]).push(row);
  return byKey;
});

/**
 * The IDs of the events the user may see. History visibility events are
 * visible if the setting before OR after them allows it; the user's own
 * membership events if the membership before OR after does.
 */
export async function filterVisibleEvents(
  q: SqlExecutor,
  userId: string,
  roomId: string,
  events: readonly VisibilityCandidate[],
): Promise<Set<string>> {
  const visible = new Set<string>();
  if (events.length === 0) return visible;
  const maxPos = Math.max(...events.map((e) => e.streamPos));

  const rows = await historiesOf(q, { roomId, userId, maxPos });
  const memberRows = rows.filter((r) => r.type === MEMBER);
  const hvRows = rows.filter((r) => r.type === HISTORY_VISIBILITY);
  await q.atRest.knowKeys(q, hvRows.map((r) => r.key_id));

  const membership: Timeline<string | null> = {
    positions: memberRows.map((r) => r.stream_pos),
    values: memberRows.map((r) => r.membership),
    initial: null,
  };
  const visibility: Timeline<HistoryVisibility> = {
    positions: hvRows.map((r) => r.stream_pos),
    values: hvRows.map((r) => {
      const stored = { keyId: r.key_id, sealed: r.sealed_pdu, plain: r.pdu };
      return historyVisibilityOf(pduOf(q, { eventId: r.event_id, roomId, pdu: stored }).content);
    }),
    initial: "shared",
  };
  const joinPositions = memberRows.filter((r) => r.membership === "join").map((r) => r.stream_pos);
  const lastJoin = joinPositions.length === 0 ? -Infinity : (joinPositions[joinPositions.length - 1] as number);

  for (const event of events) {
    const pos = event.streamPos;
    const memberBefore = valueBefore(membership, pos);
    const visBefore = valueBefore(visibility, pos);
    // "Joined at any point after the event": any join at a later position.
    const joinedLater = lastJoin > pos;
    let ok = allowed(visBefore, memberBefore, joinedLater);
    if (!ok && event.type === HISTORY_VISIBILITY && event.stateKey === "") {
      const after = valueAt(visibility, pos);
      if (after !== undefined) ok = allowed(after, memberBefore, joinedLater);
    }
    if (!ok && event.type === MEMBER && event.stateKey === userId) {
      const after = valueAt(membership, pos);
      if (after !== undefined) ok = allowed(visBefore, after, joinedLater);
    }
    if (ok) visible.add(event.eventId);
  }
  return visible;
}
