/**
 * Receipts for /sync: one m.receipt event per room with the receipts changed
 * in (since, upto] (since 0, for an initial sync or a newly joined room:
 * every current receipt), public receipts of everyone plus the viewer's own
 * private ones, never anyone else's. Only each (user, type, thread)'s latest
 * receipt is stored, so an incremental sync sends exactly the new ones:
 * clients merge them into what they have.
 *
 * Content: { eventId: { receiptType: { userId: { ts, thread_id? } } } },
 * thread_id only on threaded receipts.
 */
import type { clientTypes } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import { receiptsTable, UNTHREADED } from "../../store/tables/receipts.js";

export type ReceiptRange = { roomId: string; since: number };

type Receipt = { ts: number; thread_id?: string };
type ReceiptContent = Record<string, Record<string, Record<string, Receipt>>>;

export async function receiptEvents(
  q: SqlExecutor, viewer: string, ranges: readonly ReceiptRange[], upto: number,
): Promise<Map<string, clientTypes.BasicEvent>> {
  const byRoom = new Map<string, ReceiptContent>();
  for (const row of await receiptsTable.visibleChanges(q, viewer, ranges, upto)) {
    let content = byRoom.get(row.roomId);
    if (!content) byRoom.set(row.roomId, (content = {}));
    const byType = (content[row.eventId] ??= {});
    const byUser = (byType[row.receiptType] ??= {});
    byUser[row.userId] = row.threadId === UNTHREADED ? { ts: row.ts } : { ts: row.ts, thread_id: row.threadId };
  }
  const events = new Map<string, clientTypes.BasicEvent>();
  for (const [roomId, content] of byRoom) events.set(roomId, { type: "m.receipt", content });
  return events;
}
