/**
 * Splitting state sets into the unconflicted state map and the conflicted
 * state set. https://spec.matrix.org/v1.16/rooms/v11/#definitions
 */
import type { StateMap } from "../events/pdu.js";

export type SplitState = {
  /** Keys present in every state set with the same event ID in each. */
  unconflicted: StateMap<string>;
  /** Every other key, with the distinct event IDs the state sets hold for it. */
  conflicted: StateMap<Set<string>>;
};

/**
 * A key missing from some state set is conflicted even if all the others
 * agree: "present in every Sᵢ with the same value" fails for it.
 */
export function splitConflicted(stateSets: readonly StateMap<string>[]): SplitState {
  const unconflicted: StateMap<string> = new Map();
  const conflicted: StateMap<Set<string>> = new Map();
  const keys = new Set<string>();
  for (const set of stateSets) for (const key of set.keys()) keys.add(key);
  for (const key of keys) {
    const values = new Set<string>();
    let missing = false;
    for (const set of stateSets) {
      const value = set.get(key);
      if (value === undefined) missing = true;
      else values.add(value);
    }
    const [only] = values;
    if (!missing && values.size === 1 && only !== undefined) unconflicted.set(key, only);
    else conflicted.set(key, values);
  }
  return { unconflicted, conflicted };
}

/** The conflicted state set as a flat set of event IDs. */
export function conflictedEventIds(conflicted: StateMap<Set<string>>): Set<string> {
  const ids = new Set<string>();
  for (const values of conflicted.values()) for (const id of values) ids.add(id);
  return ids;
}
