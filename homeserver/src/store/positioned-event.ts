/**
 * The rows of one event that carry its stream position — the event itself,
 * its current-state entry (state events) and its push actions — written in
 * ONE statement. They are written after allocateStreamPositions (stream.ts),
 * while this transaction holds the global stream lock until COMMIT, so every
 * round trip saved here is time no other writer on any process can commit:
 * three statements were three round trips under that lock, this is one.
 * Tables: events, current_state, event_push_actions (their own modules
 * describe the columns; this is the write path's combined form).
 */
import type { Transaction } from "./database.js";
import { EVENT_COLUMNS } from "./tables/events.js";
import type { NewEvent } from "./tables/events.js";

export type PositionedPushAction = { readonly userId: string; readonly notify: boolean; readonly highlight: boolean };

export async function insertPositionedEvent(
  tx: Transaction,
  event: NewEvent,
  push: { readonly threadId: string; readonly actions: readonly PositionedPushAction[] },
): Promise<void> {
  await tx.query(
    `WITH e AS (
       INSERT INTO events (${EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, $11, NULL)
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
     )
     SELECT 1`,
    [
      event.eventId, event.streamPos, event.roomId, event.type, event.stateKey, event.sender, event.originServerTs,
      event.depth, event.membership, event.pdu.sealed, event.pdu.keyId,
      push.threadId, push.actions.map((a) => a.userId), push.actions.map((a) => a.notify), push.actions.map((a) => a.highlight),
    ],
    { prepare: true },
  );
}
