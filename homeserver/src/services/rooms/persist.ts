/**
 * The storing half of the event writer: everything after an event has been
 * built and authorised, inside the writer's transaction and under its room
 * lock. Positions are allocated as late as possible, so the global stream
 * lock is held as briefly as possible.
 */
import type { RoomEvent } from "@ward/protocol";
import type { Transaction } from "../../store/database.js";
import { insertPositionedEvent } from "../../store/positioned-event.js";
import { eventsTable } from "../../store/tables/events.js";
import { forgottenTable } from "../../store/tables/forgotten.js";
import { recordMediaReferences } from "../media/references.js";
import { directThreadOf } from "../receipts/thread.js";
import type { PushDecision } from "./push.js";
import { REDACTION, redactionTarget } from "./redaction.js";
import { sealedPdu } from "./stored-events.js";

export type PendingEvent = { readonly event: RoomEvent; readonly decisions: readonly PushDecision[] };

const MEMBER = "m.room.member";

function membershipOf(event: RoomEvent): string | null {
  if (event.type !== MEMBER) return null;
  const membership = event.content.membership;
  return typeof membership === "string" ? membership : null;
}

/**
 * Stores the events in order with consecutive positions; returns the first
 * position. What needs no position (forgotten rooms, redaction marks, media
 * references) is written first; then each event's rows go in one statement
 * (store/positioned-event.ts), the first of which takes the positions of
 * all of them, and the last of which also replaces the room's extremities
 * and records the transaction ID. A one-event send holds the global stream
 * lock from that statement to COMMIT, with only the writer's audit step
 * between.
 */
export async function persistEvents(
  tx: Transaction,
  roomId: string,
  events: readonly PendingEvent[],
  txn: { userId: string; deviceId: string; key: string; createdTs: number } | undefined,
): Promise<number> {
  const sealed = events.map(({ event }) => sealedPdu(tx, roomId, event));
  for (const { event } of events) {
    const membership = membershipOf(event);
    if (event.type === REDACTION) {
      const target = redactionTarget({ content: event.content, redacts: typeof event.redacts === "string" ? event.redacts : undefined });
      if (target !== undefined) await eventsTable.setRedactedBy(tx, target, event.event_id);
    }
    // Coming back (invited or joined again) undoes /forget.
    if ((membership === "join" || membership === "invite") && event.state_key !== undefined) {
      await forgottenTable.delete(tx, event.state_key, roomId);
    }
    // Files the event refers to (content.url, avatars, thumbnails): their readers may download them.
    await recordMediaReferences(tx, roomId, event);
  }

  let first = 0;
  for (const [i, { event, decisions }] of events.entries()) {
    const isLast = i === events.length - 1;
    const row = {
      eventId: event.event_id,
      streamPos: first + i,
      roomId,
      type: event.type,
      stateKey: event.state_key ?? null,
      sender: event.sender,
      originServerTs: event.origin_server_ts,
      depth: event.depth,
      membership: membershipOf(event),
      pdu: sealed[i]!,
    };
    const position = await insertPositionedEvent(tx, row, { threadId: directThreadOf(event.content), actions: decisions }, {
      allocate: i === 0 ? events.length : undefined,
      onlyExtremity: isLast,
      txn: isLast && txn ? { userId: txn.userId, deviceId: txn.deviceId, txnId: txn.key, createdTs: txn.createdTs } : undefined,
    });
    if (i === 0) first = position;
  }
  return first;
}
