/**
 * How state resolution reaches events. The library never fetches anything:
 * the caller preloads every event the algorithm can touch (see
 * spec/state-resolution.md) and exposes them through this interface.
 */
import type { RoomEvent } from "../events/pdu.js";
import { StateResolutionError } from "./errors.js";

export interface EventSource {
  get(eventId: string): RoomEvent | undefined;
  /**
   * Whether the event was rejected on receipt (failed the auth checks against
   * its own auth events). Iterative auth checks must not borrow such an event
   * from another event's `auth_events`. Omit it when no rejected event can be
   * among the inputs; everything then counts as accepted.
   */
  isRejected?(eventId: string): boolean;
}

export function requireEvent(events: EventSource, eventId: string, neededFor: string): RoomEvent {
  const event = events.get(eventId);
  if (event === undefined) {
    throw new StateResolutionError(`event ${eventId} is needed for ${neededFor} but was not preloaded`, eventId);
  }
  if (event.event_id !== eventId) {
    throw new StateResolutionError(`event source returned ${event.event_id} when asked for ${eventId}`, eventId);
  }
  return event;
}

export function isRejected(events: EventSource, eventId: string): boolean {
  return events.isRejected?.(eventId) ?? false;
}
