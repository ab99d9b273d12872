/**
 * Events in and out of storage. The stored PDU is sealed at rest (the
 * executor's at-rest cipher, crypto/at-rest.ts) with the room and event IDs
 * as associated data, so a ciphertext copied to another row does not open.
 * `sealedPdu` is the one writer and `pduOf` the one reader of an event's
 * body: a row that fails to open throws SealedDataError (a generic 500),
 * it is never served.
 */
import { redactPdu, stateKeyOf, toFederationPdu, type Pdu, type RoomEvent, type RoomVersion, type StateMap, type StateTuple } from "@ward/protocol";
import type { Sealed } from "../../crypto/at-rest.js";
import type { SqlExecutor } from "../../store/database.js";
import { eventRowsOf, EVENT_COLUMNS, type EventRaw, type EventRow } from "../../store/tables/events.js";
import { decodedEvents } from "./decoded-events.js";

const contextOf = (roomId: string, eventId: string) => ["events", roomId, eventId];

/** A new event's stored form: the federation PDU without the event ID (a column of its own), sealed. */
export function sealedPdu(q: SqlExecutor, roomId: string, event: RoomEvent): Sealed {
  return sealPduText(q, roomId, event.event_id, JSON.stringify(toFederationPdu(event)));
}

/** PDU JSON text sealed for the row (roomId, eventId). */
export function sealPduText(q: SqlExecutor, roomId: string, eventId: string, text: string): Sealed {
  return q.atRest.seal(text, contextOf(roomId, eventId));
}

/** The row's PDU as JSON text, sealed or (a row from before encryption at rest) plain. */
export function storedPduText(q: SqlExecutor, row: Pick<EventRow, "eventId" | "roomId" | "pdu">): string {
  return q.atRest.open(row.pdu, contextOf(row.roomId, row.eventId), `event ${row.eventId}`);
}

/** The row's PDU sealed again under the active data key (re-encryption after a rotation, or of a plaintext row). */
export function resealedPdu(q: SqlExecutor, row: Pick<EventRow, "eventId" | "roomId" | "pdu">): Sealed {
  return sealPduText(q, row.roomId, row.eventId, storedPduText(q, row));
}

/** The event as stored: the original, even when it has been redacted since. */
export function pduOf(q: SqlExecutor, row: Pick<EventRow, "eventId" | "roomId" | "pdu">): RoomEvent {
  return { ...(JSON.parse(storedPduText(q, row)) as Pdu), event_id: row.eventId };
}

/**
 * The event as the protocol sees it now: the redacted form once redacted.
 * Authorization and state (power levels, join rules, member lists) read this
 * form, as the spec says redacted state behaves as if its keys were absent.
 */
export function effectivePduOf(q: SqlExecutor, row: Pick<EventRow, "eventId" | "roomId" | "pdu" | "redactedBy">, version: RoomVersion): RoomEvent {
  const event = pduOf(q, row);
  return row.redactedBy === null ? event : redactPdu(event, version);
}

/**
 * The current state events of the given (type, state_key) tuples, plus, when
 * asked, the member events of everyone joined (push rules need their display
 * names). One query when every event has been decoded before in this
 * process (decoded-events.ts), which is the usual case: the rows carry only
 * IDs and redaction marks. Events not seen yet cost one more query.
 */
export async function loadCurrentState(
  q: SqlExecutor,
  roomId: string,
  version: RoomVersion,
  tuples: readonly StateTuple[],
  options: { joinedMembers: boolean },
): Promise<StateMap<RoomEvent>> {
  const rows = await q.query<{ event_id: string; redacted_by: string | null }>(
    STATE_HEADS_SQL,
    [roomId, tuples.map((t) => t[0]), tuples.map((t) => t[1]), options.joinedMembers],
    { prepare: true },
  );
  return stateOfHeads(q, version, rows.map((r) => ({ eventId: r.event_id, redactedBy: r.redacted_by })));
}

/**
 * current_state's event IDs with their redaction marks, for room $1: the
 * tuples whose types are $2 and state keys $3, and with $4 every joined
 * member. Also part of the send path's one read (head-read.ts).
 */
export const STATE_HEADS_SQL = /* sql */ `
SELECT e.event_id, e.redacted_by FROM current_state cs JOIN events e ON e.event_id = cs.event_id
WHERE cs.room_id = $1
  AND ((cs.type, cs.state_key) IN (SELECT * FROM unnest($2::text[], $3::text[]))
       OR ($4 AND cs.type = 'm.room.member' AND cs.membership = 'join'))`;

/**
 * The state events named by `heads` (current_state's event IDs with their
 * redaction marks), decoded: from the cache, or with one more query for the
 * events not seen yet.
 */
export async function stateOfHeads(
  q: SqlExecutor, version: RoomVersion, heads: ReadonlyArray<{ eventId: string; redactedBy: string | null }>,
): Promise<StateMap<RoomEvent>> {
  // Collected here, not read back from the cache: a room larger than the cache would evict its own entries.
  const originals = new Map<string, RoomEvent>();
  const missing: string[] = [];
  for (const head of heads) {
    const cached = decodedEvents.get(head.eventId);
    if (cached === undefined) missing.push(head.eventId);
    else originals.set(head.eventId, cached);
  }
  if (missing.length > 0) {
    const raws = await q.query<EventRaw>(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ANY($1::text[])`, [missing]);
    for (const row of await eventRowsOf(q, raws)) originals.set(row.eventId, decodedEvents.remember(pduOf(q, row)));
  }
  const state: StateMap<RoomEvent> = new Map();
  for (const head of heads) {
    const original = originals.get(head.eventId);
    if (original === undefined) throw new Error(`current state names event ${head.eventId}, which is not stored`);
    const event = head.redactedBy === null ? original : redactPdu(original, version);
    state.set(stateKeyOf(event.type, event.state_key ?? ""), event);
  }
  return state;
}
