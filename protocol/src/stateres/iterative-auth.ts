/**
 * Iterative auth checks (steps 2 and 4 of the algorithm).
 * https://spec.matrix.org/v1.16/rooms/v11/#definitions
 */
import { authEventTypesFor, checkEventAuth } from "../auth/index.js";
import { stateKeyOf, type RoomEvent, type StateMap } from "../events/pdu.js";
import type { RoomVersion } from "../room-versions.js";
import { CREATE_KEY, impliedCreateEvent } from "./create-event.js";
import { StateResolutionError } from "./errors.js";
import { isRejected, requireEvent, type EventSource } from "./event-source.js";

/**
 * The state an event is checked against during resolution: for each key the
 * auth rules need, the entry of the state being built; when the state has no
 * entry, the event's own auth event for that key, unless that auth event was
 * rejected. The create event is always needed: in room version 12, where no
 * event cites it, it comes from the room ID. Undefined when no usable create
 * event exists, which no event can pass.
 */
export function authStateFor(
  event: RoomEvent,
  state: StateMap<string>,
  events: EventSource,
  version: RoomVersion,
): StateMap<RoomEvent> | undefined {
  const cited: StateMap<RoomEvent> = new Map();
  for (const id of event.auth_events) {
    const authEvent = requireEvent(events, id, `the auth checks of ${event.event_id}`);
    if (typeof authEvent.state_key !== "string" || isRejected(events, id)) continue;
    cited.set(stateKeyOf(authEvent.type, authEvent.state_key), authEvent);
  }
  const implied = impliedCreateEvent(event, events, version);
  if (implied !== undefined && !isRejected(events, implied.event_id)) cited.set(CREATE_KEY, implied);
  // The create event is checked against itself; it has nothing else.
  if (event.type === "m.room.create" && event.state_key === "") cited.set(CREATE_KEY, event);

  const keys = new Set([CREATE_KEY, ...authEventTypesFor(event, version).map(([type, key]) => stateKeyOf(type, key))]);
  const authState: StateMap<RoomEvent> = new Map();
  for (const key of keys) {
    const fromState = state.get(key);
    const chosen = fromState === undefined ? cited.get(key) : requireEvent(events, fromState, `the auth checks of ${event.event_id}`);
    if (chosen !== undefined) authState.set(key, chosen);
  }
  return authState.has(CREATE_KEY) ? authState : undefined;
}

/**
 * Walks `orderedIds` in order and adds each event to a copy of `initialState`
 * if the authorization rules allow it against `authStateFor`; events they
 * refuse are skipped. Returns the new state (event IDs by state key).
 */
export function iterativeAuthChecks(
  version: RoomVersion,
  initialState: StateMap<string>,
  orderedIds: Iterable<string>,
  events: EventSource,
): StateMap<string> {
  const state = new Map(initialState);
  for (const id of orderedIds) {
    const event = requireEvent(events, id, "the iterative auth checks");
    if (typeof event.state_key !== "string") {
      throw new StateResolutionError(`${id} is not a state event, so it cannot take part in state resolution`, id);
    }
    const authState = authStateFor(event, state, events, version);
    if (authState === undefined) continue;
    if (checkEventAuth(event, authState, version).allowed) state.set(stateKeyOf(event.type, event.state_key), id);
  }
  return state;
}
