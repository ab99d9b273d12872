/**
 * Moving a user's markers in a room: read receipts (table receipts) and the
 * fully-read marker (room account data m.fully_read, which clients cannot
 * set through the account data API). Markers only move forward: one at or
 * before the stored one changes nothing. What moves shares ONE stream
 * position, taken in the transaction, and ONE wake-up after COMMIT: the
 * room's members for a public receipt, only the user for the rest.
 */
import type { Transaction } from "../../store/database.js";
import { allocateStreamPositions } from "../../store/stream.js";
import { accountDataTable } from "../../store/tables/account-data.js";
import { eventsTable, type EventRow } from "../../store/tables/events.js";
import { receiptsTable } from "../../store/tables/receipts.js";
import type { ServiceContext } from "../context.js";
import { FULLY_READ, READ, type ReadReceiptType } from "./checks.js";

export type Marker =
  | { kind: "receipt"; receiptType: ReadReceiptType; /** UNTHREADED, "main" or a root ID. */ threadId: string; event: EventRow }
  | { kind: "fully-read"; event: EventRow };

type Where = { userId: string; roomId: string };

async function fullyReadPosition(tx: Transaction, { userId, roomId }: Where): Promise<number> {
  const row = await accountDataTable.get(tx, userId, roomId, FULLY_READ);
  if (!row) return 0;
  const eventId = (JSON.parse(row.content) as { event_id?: unknown }).event_id;
  const event = typeof eventId === "string" ? await eventsTable.get(tx, eventId) : null;
  return event?.streamPos ?? 0;
}

async function isAhead(tx: Transaction, where: Where, marker: Marker): Promise<boolean> {
  if (marker.kind === "fully-read") return marker.event.streamPos > (await fullyReadPosition(tx, where));
  const stored = await receiptsTable.get(tx, where.roomId, marker.receiptType, where.userId, marker.threadId);
  return stored === null || stored.eventStreamPos < marker.event.streamPos;
}

async function store(tx: Transaction, where: Where, marker: Marker, streamPos: number, ts: number): Promise<boolean> {
  if (marker.kind === "fully-read") {
    // Only this service writes m.fully_read; two concurrent moves may land in either order (the client retries its marker anyway).
    const content = JSON.stringify({ event_id: marker.event.eventId });
    await accountDataTable.upsert(tx, { userId: where.userId, roomId: where.roomId, type: FULLY_READ, content, streamPos });
    return true;
  }
  return receiptsTable.moveForward(tx, {
    roomId: where.roomId,
    receiptType: marker.receiptType,
    userId: where.userId,
    threadId: marker.threadId,
    eventId: marker.event.eventId,
    eventStreamPos: marker.event.streamPos,
    ts,
    streamPos,
  });
}

/** Stores the markers that move forward, in one transaction, then wakes /sync once. */
export async function moveMarkers(ctx: ServiceContext, userId: string, roomId: string, markers: readonly Marker[]): Promise<void> {
  if (markers.length === 0) return;
  const where = { userId, roomId };
  const ts = ctx.clock();
  const outcome = await ctx.db.transaction(async (tx) => {
    const ahead: Marker[] = [];
    for (const marker of markers) if (await isAhead(tx, where, marker)) ahead.push(marker);
    if (ahead.length === 0) return null;
    const streamPos = await allocateStreamPositions(tx);
    const stored: Marker[] = [];
    for (const marker of ahead) if (await store(tx, where, marker, streamPos, ts)) stored.push(marker);
    return stored.length === 0 ? null : { streamPos, stored };
  });
  if (!outcome) return;
  const isPublic = (m: Marker) => m.kind === "receipt" && m.receiptType === READ;
  const roomIds = outcome.stored.some(isPublic) ? [roomId] : [];
  const userIds = outcome.stored.every(isPublic) ? [] : [userId];
  // After COMMIT: a woken /sync must find the rows.
  ctx.bus.publish({ kind: "stream", position: outcome.streamPos, roomIds, userIds }).catch((err: unknown) => {
    ctx.logger.warn({ err, userId, roomId, position: outcome.streamPos }, "bus publish failed");
  });
}
