/**
 * The `state` (or `state_after`) block of a room in /sync.
 *
 * `state` (the default) is the state at the START of the timeline: for an
 * initial sync or a newly joined room the whole of it, for an incremental
 * sync what changed between `since` and the timeline's start (so nothing
 * unless the timeline is limited). State that changed after the timeline's
 * start but is missing from the timeline (filtered out by the client's
 * filter) is added too, after the rest, so the client still learns it: the
 * spec's "state at the start of the timeline" plus what the timeline cannot
 * tell (Synapse does the same).
 *
 * `state_after` (use_state_after=true) is the state at the END of the
 * timeline, as changes since `since`; clients then apply it and ignore the
 * timeline's state events.
 *
 * lazy_load_members: member events only for the timeline's senders (plus
 * the user themself and the heroes when the whole state is sent). In an
 * incremental sync every member event of the gap is kept, as the spec
 * requires for limited timelines.
 */
import type { SqlExecutor } from "../../store/database.js";
import type { EventRow } from "../../store/tables/events.js";
import { allowsRoom, matchesEvent, type EventMatcher } from "../filters/match.js";
import { membersAt, stateChangedBetween } from "./queries.js";

export type RoomStateRequest = {
  roomId: string;
  /** 0 for the whole state (initial sync, newly joined room, full_state). */
  since: number;
  /** The position just before the first timeline event (the end when the timeline is empty). */
  timelineStart: number;
  /** The position the timeline ends at (`upto`, or a left user's leave event). */
  end: number;
  timeline: readonly EventRow[];
  useStateAfter: boolean;
  /** False: no state event lies in (since, end], so the state changes need no read (lazy-loaded members still do). */
  stateChanged: boolean;
  matcher: EventMatcher;
  lazyLoadMembers: boolean;
  /** Members to include under lazy loading besides the timeline's senders (self, heroes) when the whole state is sent. */
  alsoMembers: readonly string[];
};

const MEMBER = "m.room.member";

export async function roomStateFor(q: SqlExecutor, req: RoomStateRequest): Promise<EventRow[]> {
  if (!allowsRoom(req.matcher, req.roomId)) return [];
  const inTimeline = new Set(req.timeline.map((e) => e.eventId));
  let rows: EventRow[];
  if (!req.stateChanged) {
    rows = [];
  } else if (req.useStateAfter) {
    rows = await stateChangedBetween(q, req.roomId, req.since, req.end);
  } else {
    const atStart = await stateChangedBetween(q, req.roomId, req.since, req.timelineStart);
    const later = await stateChangedBetween(q, req.roomId, req.timelineStart, req.end);
    rows = [...atStart, ...later.filter((e) => !inTimeline.has(e.eventId))];
  }
  rows = rows.filter((e) => matchesEvent(req.matcher, e));
  if (!req.lazyLoadMembers || !matchesEvent(req.matcher, { type: MEMBER })) return rows;

  const wholeState = req.since === 0;
  const wanted = new Set(req.timeline.map((e) => e.sender));
  if (wholeState) for (const userId of req.alsoMembers) wanted.add(userId);
  if (wholeState) rows = rows.filter((e) => e.type !== MEMBER || wanted.has(e.stateKey ?? ""));
  const present = new Set(rows.filter((e) => e.type === MEMBER).map((e) => e.stateKey));
  const missing = [...wanted].filter((userId) => !present.has(userId));
  const at = req.useStateAfter ? req.end : req.timelineStart;
  const added = (await membersAt(q, req.roomId, missing, at)).filter((e) => matchesEvent(req.matcher, e));
  return [...rows, ...added].sort((a, b) => a.streamPos - b.streamPos);
}
