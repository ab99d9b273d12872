/**
 * Stored events → client format for the room endpoints (/state, /members,
 * /event): the room version's client shape, and redacted events served
 * redacted with unsigned.redacted_because, as the spec asks.
 */
import { redactForClient, toClientEvent, type ClientEvent, type JsonObject, type RoomVersion } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import { eventsTable, type EventRow } from "../../store/tables/events.js";
import { pduOf } from "./stored-events.js";

export async function clientEventsOf(q: SqlExecutor, rows: readonly EventRow[], version: RoomVersion, now: number): Promise<ClientEvent[]> {
  const redactionIds = rows.flatMap((r) => (r.redactedBy === null ? [] : [r.redactedBy]));
  const redactions = await eventsTable.getMany(q, redactionIds);
  return rows.map((row) => {
    const event = toClientEvent(pduOf(q, row), { now, version, includeRoomId: true, roomId: row.roomId });
    const redaction = row.redactedBy === null ? undefined : redactions.get(row.redactedBy);
    if (!redaction) return event;
    const because = toClientEvent(pduOf(q, redaction), { now, version, includeRoomId: true, roomId: row.roomId });
    return redactForClient(event, version, because as unknown as JsonObject);
  });
}
