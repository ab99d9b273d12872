/**
 * One room's entry in a /sync response, for the join and leave sections
 * (invites are in invite-state.ts). Both are a timeline plus state; a joined
 * room adds the summary, ephemeral events and (filled in by the caller, in
 * one query for all rooms) unread counts.
 */
import type { clientSync, clientTypes } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import type { SyncFilter } from "../filters/sync-filter.js";
import type { EventFormatter } from "./client-events.js";
import { roomStateFor } from "./room-state.js";
import { roomSummary } from "./summary.js";
import { roomTimeline } from "./timeline.js";
import { formatStreamToken } from "./tokens.js";

type JoinedRoom = clientSync.JoinedRoom;
type LeftRoom = clientSync.LeftRoom;
type BasicEvent = clientTypes.BasicEvent;

export type RoomSyncScope = {
  readonly q: SqlExecutor;
  readonly userId: string;
  readonly filter: SyncFilter;
  readonly formatter: EventFormatter;
  readonly useStateAfter: boolean;
};

export type RoomRange = {
  roomId: string;
  /** Timeline events after this position (0: the latest, however old). */
  timelineSince: number;
  /** State changes after this position (0: the whole state; null: none, for a room the user never joined). */
  stateSince: number | null;
  /** Up to this position: the response's position, or the leave event of a left room. */
  end: number;
  accountData: BasicEvent[];
  /** For a joined room: receipts and typing (see compute.ts). */
  ephemeral?: BasicEvent[] | undefined;
  /** False when no state event lies in (stateSince, end] (user-rooms.ts hasState): the state reads are skipped. */
  stateChanged?: boolean | undefined;
  /** For a left room: the leave event, always in its timeline. */
  leaveEventId?: string | undefined;
};

/** `empty`: nothing happened in range (an incremental sync leaves the room out). */
export type Built<T> = { entry: T; empty: boolean };

async function timelineAndState(scope: RoomSyncScope, range: RoomRange, alsoMembers: readonly string[]) {
  const { q, userId, filter } = scope;
  const timeline = await roomTimeline(q, {
    roomId: range.roomId, userId, since: range.timelineSince, end: range.end, limit: filter.timelineLimit, matcher: filter.timeline,
    alwaysShow: range.leaveEventId,
  });
  const state = range.stateSince === null ? [] : await roomStateFor(q, {
    roomId: range.roomId,
    since: range.stateSince,
    timelineStart: timeline.start,
    end: range.end,
    timeline: timeline.events,
    useStateAfter: scope.useStateAfter,
    stateChanged: range.stateChanged ?? true,
    matcher: filter.state,
    lazyLoadMembers: filter.lazyLoadMembers,
    alsoMembers,
  });
  const stateBlock = { events: await scope.formatter.withoutRoomId(state) };
  return {
    timeline: {
      events: await scope.formatter.withoutRoomId(timeline.events),
      limited: timeline.limited,
      prev_batch: formatStreamToken(timeline.start),
    },
    stateKey: scope.useStateAfter ? ("state_after" as const) : ("state" as const),
    stateBlock,
    rows: { timeline: timeline.events, state },
  };
}

export async function joinedRoomEntry(scope: RoomSyncScope, range: RoomRange): Promise<Built<JoinedRoom>> {
  const wholeState = range.stateSince === 0;
  const summary = wholeState ? await roomSummary(scope.q, range.roomId, scope.userId) : undefined;
  const also = wholeState ? [scope.userId, ...(summary?.["m.heroes"] ?? [])] : [];
  const built = await timelineAndState(scope, range, also);
  const memberChanged = [...built.rows.timeline, ...built.rows.state].some((e) => e.type === "m.room.member");
  const entry: JoinedRoom = {
    timeline: built.timeline,
    [built.stateKey]: built.stateBlock,
    account_data: { events: range.accountData },
    ephemeral: { events: range.ephemeral ?? [] },
  };
  const finalSummary = summary ?? (memberChanged ? await roomSummary(scope.q, range.roomId, scope.userId) : undefined);
  if (finalSummary) entry.summary = finalSummary;
  const empty = built.timeline.events.length === 0 && built.stateBlock.events.length === 0 && range.accountData.length === 0 && (range.ephemeral ?? []).length === 0;
  return { entry, empty: empty && !wholeState };
}

export async function leftRoomEntry(scope: RoomSyncScope, range: RoomRange): Promise<Built<LeftRoom>> {
  const built = await timelineAndState(scope, range, range.stateSince === 0 ? [scope.userId] : []);
  const entry: LeftRoom = {
    timeline: built.timeline,
    [built.stateKey]: built.stateBlock,
    account_data: { events: range.accountData },
  };
  const empty = built.timeline.events.length === 0 && built.stateBlock.events.length === 0 && range.accountData.length === 0;
  return { entry, empty };
}
