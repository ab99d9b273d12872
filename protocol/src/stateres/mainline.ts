/**
 * Mainline ordering (step 3 of the algorithm).
 * https://spec.matrix.org/v1.16/rooms/v11/#definitions
 */
import type { RoomEvent } from "../events/pdu.js";
import { requireEvent, type EventSource } from "./event-source.js";
import { compareTimestampThenId } from "./tie-break.js";

/** The `m.room.power_levels` event among an event's `auth_events`, if it cites one. */
export function powerLevelsAuthEvent(event: RoomEvent, events: EventSource): RoomEvent | undefined {
  for (const id of event.auth_events) {
    const authEvent = requireEvent(events, id, `the mainline walk from ${event.event_id}`);
    if (authEvent.type === "m.room.power_levels" && authEvent.state_key === "") return authEvent;
  }
  return undefined;
}

/** [P₀, P₁, …, Pₙ]: the power levels event and its power-levels ancestors, newest first. */
export function mainlineOf(powerLevelsId: string, events: EventSource): string[] {
  const mainline: string[] = [];
  const seen = new Set<string>();
  for (let p: RoomEvent | undefined = requireEvent(events, powerLevelsId, "the mainline"); p !== undefined; p = powerLevelsAuthEvent(p, events)) {
    // A cycle means corrupt input; stop rather than loop forever.
    if (seen.has(p.event_id)) break;
    seen.add(p.event_id);
    mainline.push(p.event_id);
  }
  return mainline;
}

/**
 * Mainline positions, with a cache: events in a room share long power-levels
 * chains, so each chain is walked once.
 */
export class MainlinePositions {
  readonly #index = new Map<string, number>();
  /** For a power levels event X: the position of the first mainline event in [X, X's power levels, …]. */
  readonly #fromHere = new Map<string, number>();

  constructor(mainline: readonly string[], private readonly events: EventSource) {
    mainline.forEach((id, i) => this.#index.set(id, i));
  }

  /**
   * The index i of the first eⱼ (j ≥ 1) on the mainline, where e₁ is the power
   * levels event `event` cites, e₂ the one e₁ cites, and so on. The event
   * itself is not consulted. Infinity when the walk never meets the mainline.
   */
  of(event: RoomEvent): number {
    const walked = new Set<string>();
    let position = Infinity;
    for (let e = powerLevelsAuthEvent(event, this.events); e !== undefined; e = powerLevelsAuthEvent(e, this.events)) {
      const known = this.#index.get(e.event_id) ?? this.#fromHere.get(e.event_id);
      if (known !== undefined) {
        position = known;
        break;
      }
      if (walked.has(e.event_id)) break;
      walked.add(e.event_id);
    }
    for (const id of walked) this.#fromHere.set(id, position);
    return position;
  }
}

/**
 * Sorts `eventIds` by mainline ordering based on `powerLevelsId` (the
 * partially resolved power levels; undefined when there are none, which makes
 * every position infinite). Larger positions come first, since they hang off
 * older power levels, then earlier `origin_server_ts`, then smaller event ID.
 */
export function mainlineOrder(eventIds: Iterable<string>, powerLevelsId: string | undefined, events: EventSource): string[] {
  const positions = new MainlinePositions(powerLevelsId === undefined ? [] : mainlineOf(powerLevelsId, events), events);
  const keyed = [...new Set(eventIds)].map((id) => {
    const event = requireEvent(events, id, "the mainline ordering");
    return { event, position: positions.of(event) };
  });
  keyed.sort((a, b) => {
    if (a.position !== b.position) return a.position > b.position ? -1 : 1;
    return compareTimestampThenId(a.event, b.event);
  });
  return keyed.map(({ event }) => event.event_id);
}
