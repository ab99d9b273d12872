/**
 * The conflicted state subgraph, added by state resolution v2.1 (room
 * version 12): https://spec.matrix.org/v1.16/rooms/v12/#definitions
 */
import { authChain } from "./auth-chain.js";
import { requireEvent, type EventSource } from "./event-source.js";

/**
 * Every event on some `auth_events` path from one conflicted event to another,
 * endpoints included.
 *
 * An event lies on such a path exactly when it is reachable from a conflicted
 * event (it is one, or is in the auth chain of one) and a conflicted event is
 * reachable from it (it is one, or some conflicted event descends from it).
 * The first set bounds the search; the second is a forward walk from the
 * conflicted events over the reversed edges inside that bound.
 */
export function conflictedSubgraph(conflictedIds: ReadonlySet<string>, events: EventSource): Set<string> {
  const reachable = authChain(conflictedIds, events);
  for (const id of conflictedIds) reachable.add(id);

  const children = new Map<string, string[]>();
  for (const id of reachable) {
    for (const parent of requireEvent(events, id, "the conflicted state subgraph").auth_events) {
      const list = children.get(parent);
      if (list === undefined) children.set(parent, [id]);
      else list.push(id);
    }
  }

  const subgraph = new Set<string>(conflictedIds);
  const queue = [...conflictedIds];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const child of children.get(id) ?? []) {
      if (!subgraph.has(child)) {
        subgraph.add(child);
        queue.push(child);
      }
    }
  }
  return subgraph;
}
