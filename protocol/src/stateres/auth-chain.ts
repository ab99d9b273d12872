/**
 * Auth chains and the auth difference (v2 state resolution "Definitions").
 * https://spec.matrix.org/v1.16/rooms/v11/#definitions
 */
import type { StateMap } from "../events/pdu.js";
import { requireEvent, type EventSource } from "./event-source.js";

/**
 * The union of the auth chains of `eventIds`: every event reachable by
 * following `auth_events` links, recursively. A starting event is not part of
 * the result unless another starting event reaches it, as the spec defines the
 * auth chain of E as E's auth events and theirs, not E itself.
 *
 * In room version 12 events do not list the create event in `auth_events`, so
 * it is not in their auth chains either; resolution finds it through the room
 * ID instead (see `createEventFor`).
 */
export function authChain(eventIds: Iterable<string>, events: EventSource): Set<string> {
  const chain = new Set<string>();
  const stack: string[] = [];
  for (const id of eventIds) {
    stack.push(...requireEvent(events, id, "an auth chain").auth_events);
  }
  // Iterative walk: auth chains of old rooms are thousands of events deep.
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (chain.has(id)) continue;
    chain.add(id);
    for (const next of requireEvent(events, id, "an auth chain").auth_events) {
      if (!chain.has(next)) stack.push(next);
    }
  }
  return chain;
}

/**
 * ∪Cᵢ − ∩Cᵢ where Cᵢ is the full auth chain of state set Sᵢ (the union of the
 * auth chains of the events in Sᵢ): the auth events some state sets have seen
 * and others have not.
 */
export function authDifference(stateSets: readonly StateMap<string>[], events: EventSource): Set<string> {
  const chains = stateSets.map((set) => authChain(set.values(), events));
  const union = new Set<string>();
  for (const chain of chains) for (const id of chain) union.add(id);
  const difference = new Set<string>();
  for (const id of union) {
    if (!chains.every((chain) => chain.has(id))) difference.add(id);
  }
  return difference;
}
