/**
 * The rows of one event that carry its stream position — the event itself,
 * its current-state entry (state events) and its push actions — written in
 * ONE statement, which can also take the positions from stream_head
 * (store/stream.ts), make the event the room's only forward extremity and
 * record the client's transaction ID. A send is then one round trip here
 * where it was four; the global stream lock is taken in this statement and
 * held to COMMIT, so this is also the whole time it is held outside the
 * writer's audit step.
 * Tables: stream_head, events, current_state, event_push_actions,
 * room_extremities, txn_ids (their own modules describe the columns; this
 * is the write path's combined form).
 */
import type { Transaction } from "./database.js";
import { EVENT_COLUMNS } from "./tables/events.js";
import type { NewEvent } from "./tables/events.js";

export type PositionedPushAction = { readonly userId: string; readonly notify: boolean; readonly highlight: boolean };

export type PositionedWrite = {
  /**
   * Take this many consecutive positions in this statement; the event gets
   * the first (its `streamPos` is ignored). Left out: `streamPos` was taken
   * already (the later events of a batch).
   */
  readonly allocate?: number | undefined;
  /** Make the event the room's only forward extremity (a local event: the last of its batch). */
  readonly onlyExtremity?: boolean | undefined;
  /** The client's transaction ID (txn_ids; the stored key, see rooms/event-writer.ts txnKey). */
  readonly txn?: { readonly userId: string; readonly deviceId: string; readonly txnId: string; readonly createdTs: number } | undefined;
};

const STATEMENT = /* sql */ `
WITH pos AS (
  UPDATE stream_head SET position = position + $16::int WHERE id = 1 AND $16::int > 0
  RETURNING position - $16::int + 1 AS first
), e AS (
  INSERT INTO events (${EVENT_COLUMNS})
  SELECT $1, COALESCE((SELECT first FROM pos), $2::bigint), $3, $4, $5, $6, $7, $8, $9, NULL, $10, $11, NULL
  RETURNING event_id, stream_pos, room_id, type, state_key, membership
), s AS (
  INSERT INTO current_state (room_id, type, state_key, event_id, membership, stream_pos)
  SELECT room_id, type, state_key, event_id, membership, stream_pos FROM e WHERE state_key IS NOT NULL
  ON CONFLICT (room_id, type, state_key) DO UPDATE SET
    event_id = EXCLUDED.event_id, membership = EXCLUDED.membership, stream_pos = EXCLUDED.stream_pos
), p AS (
  INSERT INTO event_push_actions (user_id, room_id, event_id, stream_pos, thread_id, notify, highlight)
  SELECT u.user_id, e.room_id, e.event_id, e.stream_pos, $12::text, u.notify, u.highlight
  FROM e CROSS JOIN unnest($13::text[], $14::boolean[], $15::boolean[]) AS u(user_id, notify, highlight)
), gone AS (
  -- Spares the event itself: the DELETE and the INSERT see one snapshot.
  DELETE FROM room_extremities WHERE $17::boolean AND room_id = $3 AND event_id <> $1
), extremity AS (
  INSERT INTO room_extremities (room_id, event_id) SELECT $3, $1 WHERE $17::boolean ON CONFLICT DO NOTHING
), txn AS (
  INSERT INTO txn_ids (user_id, device_id, txn_id, room_id, event_id, created_ts)
  SELECT $18, $19, $20::text, $3, $1, $21 WHERE $20::text IS NOT NULL ON CONFLICT DO NOTHING
)
SELECT stream_pos FROM e`;

/** Returns the event's position. */
export async function insertPositionedEvent(
  tx: Transaction,
  event: NewEvent,
  push: { readonly threadId: string; readonly actions: readonly PositionedPushAction[] },
  write: PositionedWrite = {},
): Promise<number> {
  const [row] = await tx.query<{ stream_pos: number }>(
    STATEMENT,
    [
      event.eventId, write.allocate ? null : event.streamPos, event.roomId, event.type, event.stateKey, event.sender, event.originServerTs,
      event.depth, event.membership, event.pdu.sealed, event.pdu.keyId,
      push.threadId, push.actions.map((a) => a.userId), push.actions.map((a) => a.notify), push.actions.map((a) => a.highlight),
      write.allocate ?? 0, write.onlyExtremity === true,
      write.txn?.userId ?? null, write.txn?.deviceId ?? null, write.txn?.txnId ?? null, write.txn?.createdTs ?? null,
    ],
    { prepare: true },
  );
  if (!row) throw new Error("stream_head has no row: the schema is not migrated");
  return row.stream_pos;
}
