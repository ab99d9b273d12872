/**
 * State resolution v2 (room versions 10 and 11) and v2.1 (room version 12).
 * https://spec.matrix.org/v1.16/rooms/v11/#state-resolution
 * https://spec.matrix.org/v1.16/rooms/v12/#state-resolution
 */
import { stateKeyOf, type StateMap } from "../events/pdu.js";
import type { RoomVersion } from "../room-versions.js";
import { authChain, authDifference } from "./auth-chain.js";
import { conflictedEventIds, splitConflicted } from "./conflicts.js";
import { POWER_LEVELS_KEY } from "./create-event.js";
import { StateResolutionError } from "./errors.js";
import { requireEvent, type EventSource } from "./event-source.js";
import { iterativeAuthChecks } from "./iterative-auth.js";
import { mainlineOrder } from "./mainline.js";
import { isPowerEvent } from "./power-events.js";
import { reverseTopologicalPowerOrder } from "./power-order.js";
import { conflictedSubgraph } from "./subgraph.js";

/** Every intermediate result, for tests and for explaining a resolution to an operator. */
export type ResolutionTrace = {
  unconflicted: StateMap<string>;
  conflicted: StateMap<Set<string>>;
  authDifference: Set<string>;
  /** Empty before room version 12. */
  conflictedSubgraph: Set<string>;
  fullConflictedSet: Set<string>;
  /** Step 1: power events of the full conflicted set and their conflicted auth ancestry, sorted. */
  powerOrder: string[];
  /** Step 2. */
  partialState: StateMap<string>;
  /** Step 3: the rest of the full conflicted set, sorted. */
  mainlineOrder: string[];
  /** Step 5: the answer. */
  resolved: StateMap<string>;
};

/**
 * Resolves state sets (state key → event ID) into one. `events` must hold
 * every event of the state sets and their full auth chains; a missing one
 * raises `StateResolutionError`.
 */
export function resolveState(version: RoomVersion, stateSets: readonly StateMap<string>[], events: EventSource): StateMap<string> {
  return traceStateResolution(version, stateSets, events).resolved;
}

export function traceStateResolution(version: RoomVersion, stateSets: readonly StateMap<string>[], events: EventSource): ResolutionTrace {
  const { unconflicted, conflicted } = splitConflicted(stateSets);
  const conflictedIds = conflictedEventIds(conflicted);
  checkConflictedEvents(conflicted, events);
  const trace: ResolutionTrace = {
    unconflicted, conflicted,
    authDifference: new Set(), conflictedSubgraph: new Set(), fullConflictedSet: new Set(),
    powerOrder: [], partialState: new Map(unconflicted), mainlineOrder: [], resolved: new Map(unconflicted),
  };
  // Identical state sets have identical auth chains: nothing to replay.
  if (conflicted.size === 0) return trace;

  trace.authDifference = authDifference(stateSets, events);
  if (version.stateResV21) trace.conflictedSubgraph = conflictedSubgraph(conflictedIds, events);
  const full = new Set([...conflictedIds, ...trace.authDifference, ...trace.conflictedSubgraph]);
  trace.fullConflictedSet = full;

  const powerEvents = [...full].filter((id) => isPowerEvent(requireEvent(events, id, "the full conflicted set")));
  const selected = new Set(powerEvents);
  for (const id of authChain(powerEvents, events)) if (full.has(id)) selected.add(id);
  trace.powerOrder = reverseTopologicalPowerOrder(selected, events, version);

  // v2.1 replays onto nothing, so each event is judged by its own auth events
  // rather than by unconflicted state that may be older than they are.
  const base = version.stateResV21 ? new Map<string, string>() : unconflicted;
  trace.partialState = iterativeAuthChecks(version, base, trace.powerOrder, events);

  const rest = [...full].filter((id) => !selected.has(id));
  trace.mainlineOrder = mainlineOrder(rest, trace.partialState.get(POWER_LEVELS_KEY), events);
  const resolved = iterativeAuthChecks(version, trace.partialState, trace.mainlineOrder, events);
  for (const [key, id] of unconflicted) resolved.set(key, id);
  trace.resolved = resolved;
  return trace;
}

/** A conflicted entry must be a preloaded state event filed under its own key. */
function checkConflictedEvents(conflicted: StateMap<Set<string>>, events: EventSource): void {
  for (const [key, ids] of conflicted) {
    for (const id of ids) {
      const event = requireEvent(events, id, "the conflicted state set");
      if (typeof event.state_key !== "string" || stateKeyOf(event.type, event.state_key) !== key) {
        throw new StateResolutionError(`state set files ${id} under a key that is not its own type and state key`, id);
      }
    }
  }
}
