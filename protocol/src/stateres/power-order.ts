/**
 * Reverse topological power ordering (step 1 of the algorithm).
 * https://spec.matrix.org/v1.16/rooms/v11/#definitions
 */
import { userPowerLevel } from "../auth/index.js";
import { stateKeyOf, type RoomEvent, type StateMap } from "../events/pdu.js";
import type { RoomVersion } from "../room-versions.js";
import { CREATE_KEY, impliedCreateEvent } from "./create-event.js";
import { StateResolutionError } from "./errors.js";
import { requireEvent, type EventSource } from "./event-source.js";
import { MinHeap } from "./heap.js";
import { compareTimestampThenId } from "./tie-break.js";

/**
 * The sender's power level "when looking at their respective auth_events":
 * the room as the event's own auth events describe it, not as the resolved
 * state does. In room version 12 the create event comes from the room ID, so
 * creators rank above everyone (infinite power).
 *
 * An event whose auth events name no create event (only the create event
 * itself) gets 0: there is no room yet in which its sender holds power.
 * Rejection does not matter here; the ordering reads what the event cites.
 */
export function senderPowerLevel(event: RoomEvent, events: EventSource, version: RoomVersion): number {
  const authState: StateMap<RoomEvent> = new Map();
  for (const id of event.auth_events) {
    const authEvent = requireEvent(events, id, `the sender power level of ${event.event_id}`);
    if (typeof authEvent.state_key === "string") authState.set(stateKeyOf(authEvent.type, authEvent.state_key), authEvent);
  }
  const implied = impliedCreateEvent(event, events, version);
  if (implied !== undefined) authState.set(CREATE_KEY, implied);
  if (!authState.has(CREATE_KEY)) return 0;
  return userPowerLevel(event.sender, authState, version);
}

/**
 * Sorts `eventIds` with Kahn's algorithm over their `auth_events` edges
 * (only edges between events of the set count), earliest first. Whenever
 * several events are ready, the smallest goes next: greater sender power
 * level, then earlier `origin_server_ts`, then smaller event ID.
 */
export function reverseTopologicalPowerOrder(eventIds: Iterable<string>, events: EventSource, version: RoomVersion): string[] {
  const nodes = new Map<string, RoomEvent>();
  for (const id of eventIds) nodes.set(id, requireEvent(events, id, "the reverse topological power ordering"));

  const power = new Map<string, number>();
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [id, event] of nodes) {
    power.set(id, senderPowerLevel(event, events, version));
    const parents = new Set(event.auth_events.filter((parent) => nodes.has(parent)));
    waitingOn.set(id, parents.size);
    for (const parent of parents) {
      const list = dependents.get(parent);
      if (list === undefined) dependents.set(parent, [id]);
      else list.push(id);
    }
  }

  const ready = new MinHeap<RoomEvent>((a, b) => {
    const pa = power.get(a.event_id) ?? 0;
    const pb = power.get(b.event_id) ?? 0;
    if (pa !== pb) return pa > pb ? -1 : 1;
    return compareTimestampThenId(a, b);
  });
  for (const [id, event] of nodes) if (waitingOn.get(id) === 0) ready.push(event);

  const order: string[] = [];
  for (let event = ready.pop(); event !== undefined; event = ready.pop()) {
    order.push(event.event_id);
    for (const child of dependents.get(event.event_id) ?? []) {
      const left = (waitingOn.get(child) ?? 0) - 1;
      waitingOn.set(child, left);
      if (left === 0) ready.push(nodes.get(child)!);
    }
  }
  if (order.length !== nodes.size) {
    const stuck = [...nodes.keys()].filter((id) => (waitingOn.get(id) ?? 0) > 0);
    throw new StateResolutionError(`auth_events form a cycle among ${stuck.join(", ")}`, stuck[0]);
  }
  return order;
}
