/**
 * Reading stored events back as PDUs. `events.pdu` is opaque text (it becomes
 * ciphertext with encryption at rest), so every read of an event body goes
 * through `pduOf`, the one place that will decrypt.
 */
import { redactPdu, stateKeyOf, toFederationPdu, type Pdu, type RoomEvent, type RoomVersion, type StateMap, type StateTuple } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import type { EventRow } from "../../store/tables/events.js";

/** The stored text of a new event: the federation PDU, without the event ID (a column of its own). */
export function storedPduText(event: RoomEvent): string {
  return JSON.stringify(toFederationPdu(event));
}

/** The event as stored: the original, even when it has been redacted since. */
export function pduOf(row: Pick<EventRow, "eventId" | "pdu">): RoomEvent {
  return { ...(JSON.parse(row.pdu) as Pdu), event_id: row.eventId };
}

/**
 * The event as the protocol sees it now: the redacted form once redacted.
 * Authorization and state (power levels, join rules, member lists) read this
 * form, as the spec says redacted state behaves as if its keys were absent.
 */
export function effectivePduOf(row: Pick<EventRow, "eventId" | "pdu" | "redactedBy">, version: RoomVersion): RoomEvent {
  const event = pduOf(row);
  return row.redactedBy === null ? event : redactPdu(event, version);
}

type StateRaw = { event_id: string; pdu: string; redacted_by: string | null };

/**
 * The current state events of the given (type, state_key) tuples, plus, when
 * asked, the member events of everyone joined (push rules need their display
 * names). One query, whatever the room's size.
 */
export async function loadCurrentState(
  q: SqlExecutor,
  roomId: string,
  version: RoomVersion,
  tuples: readonly StateTuple[],
  options: { joinedMembers: boolean },
): Promise<StateMap<RoomEvent>> {
  const rows = await q.query<StateRaw>(
    `SELECT e.event_id, e.pdu, e.redacted_by FROM current_state cs JOIN events e ON e.event_id = cs.event_id
     WHERE cs.room_id = $1
       AND ((cs.type, cs.state_key) IN (SELECT * FROM unnest($2::text[], $3::text[]))
            OR ($4 AND cs.type = 'm.room.member' AND cs.membership = 'join'))`,
    [roomId, tuples.map((t) => t[0]), tuples.map((t) => t[1]), options.joinedMembers],
  );
  const state: StateMap<RoomEvent> = new Map();
  for (const row of rows) {
    const event = effectivePduOf({ eventId: row.event_id, pdu: row.pdu, redactedBy: row.redacted_by }, version);
    state.set(stateKeyOf(event.type, event.state_key ?? ""), event);
  }
  return state;
}
