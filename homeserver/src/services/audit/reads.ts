/**
 * History reads as audit entries: which rooms, and which range of stream
 * positions, a response served. Built from the response itself, so what is
 * recorded is exactly what left. Recorded through the batching writer before
 * the response is sent (the handlers await it).
 */
import type { clientMessages, clientSync } from "@ward/protocol";
import { parseStreamToken } from "../sync/tokens.js";
import type { AuditEntry } from "./record.js";

type SyncResponse = clientSync.SyncResponse;
type RoomPart = { state?: { events?: unknown[] }; state_after?: { events?: unknown[] }; timeline?: { events: unknown[] } };

const served = (room: RoomPart): boolean =>
  (room.timeline?.events.length ?? 0) > 0 || (room.state?.events?.length ?? 0) > 0 || (room.state_after?.events?.length ?? 0) > 0;

/** One row per room whose timeline or state events the response carries; the range is (since, next_batch]. */
export function syncReads(since: string | undefined, response: SyncResponse): AuditEntry[] {
  const streamFrom = since === undefined ? 0 : parseStreamToken(since, "since");
  const streamTo = parseStreamToken(response.next_batch, "next_batch");
  const rooms = { ...response.rooms?.leave, ...response.rooms?.join } as Record<string, RoomPart>;
  return Object.entries(rooms)
    .filter(([, room]) => served(room))
    .map(([roomId]) => ({ action: "history_read", roomId, streamFrom, streamTo }));
}

/** The positions between two tokens of /messages or /context, lower first. */
function rangeOf(a: string | undefined, b: string | undefined): { streamFrom: number | null; streamTo: number | null } {
  const positions = [a, b].flatMap((t) => (t === undefined ? [] : [parseStreamToken(t, "token")]));
  if (positions.length === 0) return { streamFrom: null, streamTo: null };
  return { streamFrom: Math.min(...positions), streamTo: Math.max(...positions) };
}

export function messagesRead(roomId: string, response: clientMessages.MessagesResponse): AuditEntry[] {
  if (response.chunk.length === 0 && (response.state?.length ?? 0) === 0) return [];
  return [{ action: "history_read", roomId, ...rangeOf(response.start, response.end) }];
}

export function contextRead(roomId: string, eventId: string, response: clientMessages.ContextResponse): AuditEntry[] {
  return [{ action: "history_read", roomId, eventId, ...rangeOf(response.start, response.end) }];
}

/** A single event, a room's state or its members: the room (and event), no range. */
export function roomRead(roomId: string, eventId?: string): AuditEntry[] {
  return [{ action: "history_read", roomId, eventId }];
}
