/**
 * The rules on an event's `auth_events` list itself (rule 2 in v10/v11,
 * rule 3 in v12): every referenced event supplied, no duplicate state
 * tuples, nothing outside the auth events selection, a create event present
 * before v12 and absent in v12, and everything from the same room.
 */
import type { RoomVersion } from "../room-versions.js";
import type { RoomEvent } from "../events/pdu.js";
import { stateKeyOf } from "../events/pdu.js";
import type { AuthResult } from "./result.js";
import { ALLOWED, refuse } from "./result.js";
import { authEventTypesFor } from "./auth-event-types.js";
import { CREATE } from "./power-levels.js";

export type AuthEventsListOptions = {
  /** Tells whether an auth event was itself rejected; such entries make the event fail. */
  isRejected?: (eventId: string) => boolean;
};

export function checkAuthEventsList(
  event: RoomEvent,
  authEvents: RoomEvent[],
  version: RoomVersion,
  options: AuthEventsListOptions = {},
): AuthResult {
  // The create rules allow (or refuse) a create event before auth_events are considered.
  if (event.type === CREATE) return ALLOWED;

  const supplied = new Map(authEvents.map((e) => [e.event_id, e]));
  const referenced = new Set(event.auth_events);
  for (const id of supplied.keys()) {
    if (!referenced.has(id)) return refuse(`auth event ${id} was supplied but is not in the event's auth_events`);
  }
  const expected = new Set(authEventTypesFor(event, version).map(([type, key]) => stateKeyOf(type, key)));
  const found = new Map<string, string>();
  let hasCreate = false;

  // Walk the list as written, so an ID listed twice counts as a duplicate entry.
  for (const id of event.auth_events) {
    const authEvent = supplied.get(id);
    if (authEvent === undefined) return refuse(`auth event ${id} is referenced by the event but was not supplied`);
    if (typeof authEvent.state_key !== "string") return refuse(`auth event ${id} is not a state event`);
    const key = stateKeyOf(authEvent.type, authEvent.state_key);
    const twin = found.get(key);
    if (twin !== undefined) {
      return refuse(`auth_events has duplicate entries for (${authEvent.type}, ${JSON.stringify(authEvent.state_key)}): ${twin} and ${id}`);
    }
    found.set(key, id);
    if (authEvent.type === CREATE && version.roomIdFromCreateEvent) {
      return refuse(`auth_events must not include the m.room.create event in room version ${version.id}`);
    }
    if (!expected.has(key)) {
      return refuse(`auth event ${id} (${authEvent.type}, ${JSON.stringify(authEvent.state_key)}) is not one the auth events selection picks for this event`);
    }
    if (options.isRejected?.(id) === true) return refuse(`auth event ${id} was itself rejected`);
    if (authEvent.type === CREATE) hasCreate = true;
    if (authEvent.room_id !== event.room_id) {
      return refuse(`auth event ${id} belongs to room ${String(authEvent.room_id)}, not ${String(event.room_id)}`);
    }
  }
  if (!version.roomIdFromCreateEvent && !hasCreate) return refuse("auth_events has no m.room.create event");
  return ALLOWED;
}
