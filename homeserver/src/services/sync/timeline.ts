/**
 * A room's /sync timeline: the last `limit` events in (since, end] that
 * match the filter and that the user may see (history visibility), oldest
 * first. Work per room is bounded by the limit: one index range scan, one
 * visibility check over at most `limit` events.
 */
import type { SqlExecutor } from "../../store/database.js";
import type { EventRow } from "../../store/tables/events.js";
import { filterVisibleEvents } from "../rooms/visibility.js";
import { pduOf } from "../rooms/stored-events.js";
import { allowsRoom, matchesContent, type EventMatcher } from "../filters/match.js";
import { recentMatching } from "./queries.js";

export type RoomTimeline = {
  /** Oldest first. */
  events: EventRow[];
  /** Older events in range were left out: the client may paginate from `start`. */
  limited: boolean;
  /** The position just before the first returned event (`end` when none): prev_batch. */
  start: number;
};

export async function roomTimeline(
  q: SqlExecutor,
  req: {
    roomId: string;
    userId: string;
    since: number;
    end: number;
    limit: number;
    matcher: EventMatcher;
    /**
     * Shown whatever history visibility says: the user's own leave. The
     * spec's rule hides a rejected invite (membership invite → leave in a
     * `shared` room) from its own author, who would then never see the room
     * go away (Synapse makes the same exception).
     */
    alwaysShow?: string | undefined;
  },
): Promise<RoomTimeline> {
  if (!allowsRoom(req.matcher, req.roomId) || req.since >= req.end) return { events: [], limited: false, start: req.end };
  const recent = await recentMatching(q, { roomId: req.roomId, since: req.since, upto: req.end, limit: req.limit, matcher: req.matcher });
  const visible = await filterVisibleEvents(q, req.userId, req.roomId, recent.events);
  if (req.alwaysShow !== undefined) visible.add(req.alwaysShow);
  const events = recent.events
    .filter((e) => visible.has(e.eventId))
    .filter((e) => req.matcher.containsUrl === undefined || matchesContent(req.matcher, pduOf(q, e).content))
    .reverse();
  const first = events[0];
  return { events, limited: recent.limited, start: first ? first.streamPos - 1 : req.end };
}
