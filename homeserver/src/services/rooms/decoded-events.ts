/**
 * Decoded state events by event ID, for loadCurrentState (stored-events.ts).
 * Every send reads the member event of everyone joined (push rules need
 * their display names); opening and parsing each of those rows again for
 * every message made a send into a 1,000-member channel cost 1,000
 * decryptions. A stored event never changes: its ID names one content, and
 * a redaction is a mark kept beside the row and applied on each read. So a
 * decoded copy stays right for good, and only the mark is read each time.
 *
 * One per process, bounded; the least recently used entry goes first.
 * Entries are frozen because every reader shares them.
 */
import type { RoomEvent } from "@ward/protocol";
import { deepFreeze } from "../frozen.js";

const MAX_ENTRIES = 20_000;

const entries = new Map<string, RoomEvent>();

export const decodedEvents = {
  get(eventId: string): RoomEvent | undefined {
    const event = entries.get(eventId);
    if (event !== undefined) {
      // Map order is insertion order: moving a hit to the end keeps the oldest unused first.
      entries.delete(eventId);
      entries.set(eventId, event);
    }
    return event;
  },

  /** Keeps `event` (frozen from now on) and returns it. */
  remember(event: RoomEvent): RoomEvent {
    if (entries.size >= MAX_ENTRIES && !entries.has(event.event_id)) entries.delete(entries.keys().next().value as string);
    entries.set(event.event_id, deepFreeze(event));
    return event;
  },

  get size(): number {
    return entries.size;
  },
};
