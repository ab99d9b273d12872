/**
 * Read receipts and read markers (spec/client-server/receipts.md). Requests
 * are checked in full before anything is written (bad input changes
 * nothing); write.ts moves the markers, each only forward, and wakes /sync,
 * which delivers receipts as m.receipt (services/sync/receipts.ts) and the
 * fully-read marker as room account data.
 */
import { UNTHREADED } from "../../store/tables/receipts.js";
import type { ServiceContext } from "../context.js";
import { checkEvent, checkInThread, checkJoined, checkMarkerType, checkThreadId, FULLY_READ, READ, READ_PRIVATE } from "./checks.js";
import { moveMarkers, type Marker } from "./write.js";

export type ReceiptType = "m.read" | "m.read.private" | "m.fully_read";

export type ReadMarkers = { fullyRead?: string | undefined; read?: string | undefined; readPrivate?: string | undefined };

export interface ReceiptsService {
  /** POST /rooms/{roomId}/receipt/{receiptType}/{eventId}; `threadId` is "main" or a thread root event ID. */
  sendReceipt(userId: string, roomId: string, receiptType: string, eventId: string, threadId: string | undefined): Promise<void>;
  /** POST /rooms/{roomId}/read_markers. */
  setReadMarkers(userId: string, roomId: string, markers: ReadMarkers): Promise<void>;
}

export function createReceiptsService(ctx: ServiceContext): ReceiptsService {
  const { db } = ctx;
  return {
    async sendReceipt(userId, roomId, receiptType, eventId, threadId) {
      const type = checkMarkerType(receiptType);
      const thread = checkThreadId(type, threadId);
      await checkJoined(db, userId, roomId);
      const event = await checkEvent(db, userId, roomId, eventId);
      if (thread !== undefined) await checkInThread(db, event, thread);
      const marker: Marker = type === FULLY_READ ? { kind: "fully-read", event } : { kind: "receipt", receiptType: type, threadId: thread ?? UNTHREADED, event };
      await moveMarkers(ctx, userId, roomId, [marker]);
    },

    async setReadMarkers(userId, roomId, { fullyRead, read, readPrivate }) {
      await checkJoined(db, userId, roomId);
      const markers: Marker[] = [];
      if (fullyRead !== undefined) markers.push({ kind: "fully-read", event: await checkEvent(db, userId, roomId, fullyRead) });
      if (read !== undefined) markers.push({ kind: "receipt", receiptType: READ, threadId: UNTHREADED, event: await checkEvent(db, userId, roomId, read) });
      if (readPrivate !== undefined) {
        markers.push({ kind: "receipt", receiptType: READ_PRIVATE, threadId: UNTHREADED, event: await checkEvent(db, userId, roomId, readPrivate) });
      }
      await moveMarkers(ctx, userId, roomId, markers);
    },
  };
}
