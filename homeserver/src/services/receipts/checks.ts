/**
 * What a receipt or read marker request must satisfy before anything is
 * written: a known receipt type, a well-formed thread, a joined sender, and
 * an event of the room the sender can see, in the named thread.
 */
import { isEventId } from "@ward/protocol";
import { invalidParam, notFound } from "../../http/matrix-error.js";
import type { SqlExecutor } from "../../store/database.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import { eventsTable, type EventRow } from "../../store/tables/events.js";
import { notInRoomError } from "../messenger/visibility.js";
import { filterVisibleEvents } from "../rooms/visibility.js";
import { MAIN_THREAD, threadOf } from "./thread.js";

export const READ = "m.read";
export const READ_PRIVATE = "m.read.private";
export const FULLY_READ = "m.fully_read";

export type ReadReceiptType = typeof READ | typeof READ_PRIVATE;
export type MarkerType = ReadReceiptType | typeof FULLY_READ;

export function checkMarkerType(receiptType: string): MarkerType {
  if (receiptType === READ || receiptType === READ_PRIVATE || receiptType === FULLY_READ) return receiptType;
  throw invalidParam(`Unknown receipt type ${JSON.stringify(receiptType)}: expected ${READ}, ${READ_PRIVATE} or ${FULLY_READ}`);
}

/** undefined (unthreaded), "main", or a thread root's event ID. */
export function checkThreadId(receiptType: MarkerType, threadId: string | undefined): string | undefined {
  if (threadId === undefined) return undefined;
  if (receiptType === FULLY_READ) throw invalidParam(`thread_id cannot be given with ${FULLY_READ}`);
  if (threadId !== MAIN_THREAD && !isEventId(threadId)) throw invalidParam(`thread_id must be "${MAIN_THREAD}" or an event ID`);
  return threadId;
}

/** 403 in a room the user may know exists; else the unknown room's 404, so room IDs cannot be probed. */
export async function checkJoined(q: SqlExecutor, userId: string, roomId: string): Promise<void> {
  const member = await currentStateTable.get(q, roomId, "m.room.member", userId);
  if (member?.membership !== "join") throw await notInRoomError(q, userId, roomId);
}

/** Not in the room and not visible get the same answer, so neither can be told apart. */
export async function checkEvent(q: SqlExecutor, userId: string, roomId: string, eventId: string): Promise<EventRow> {
  const row = isEventId(eventId) ? await eventsTable.get(q, eventId) : null;
  if (!row || row.roomId !== roomId) throw notFound("Event not found");
  const visible = await filterVisibleEvents(q, userId, roomId, [row]);
  if (!visible.has(eventId)) throw notFound("Event not found");
  return row;
}

/** The spec's 400 for "the event_id is not related to the thread_id". */
export async function checkInThread(q: SqlExecutor, event: EventRow, threadId: string): Promise<void> {
  const actual = await threadOf(q, event);
  if (actual !== threadId) throw invalidParam(`Event ${event.eventId} is not in thread ${threadId}`);
}
