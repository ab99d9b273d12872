/**
 * Decoded state events by event ID, for loadCurrentState (stored-events.ts).
 * Every send reads the member event of everyone joined (push rules need
 * their display names); opening and parsing each of those rows again for
 * every message made a send into a 1,000-member channel cost 1,000
 * decryptions. A stored event never changes: its ID names one content, and
 * a redaction is a mark kept beside the row and applied on each read. So a
 * decoded copy stays right for good, and only the mark is read each time.
 *
 * One per process, bounded (lru-map.ts).
 * Entries are frozen because every reader shares them.
 */
import type { RoomEvent } from "@ward/protocol";
import { LruMap } from "../../lru-map.js";
import { deepFreeze } from "../frozen.js";

const entries = new LruMap<string, RoomEvent>(20_000);

export const decodedEvents = {
  get(eventId: string): RoomEvent | undefined {
    return entries.get(eventId);
  },

  /** Keeps `event` (frozen from now on) and returns it. */
  remember(event: RoomEvent): RoomEvent {
    entries.set(event.event_id, deepFreeze(event));
    return event;
  },

  get size(): number {
    return entries.size;
  },
};
