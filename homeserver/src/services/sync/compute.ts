/**
 * One /sync response, computed from `since` up to ONE position `upto` read
 * before anything else (everything at or below it has committed). Every
 * query is bounded by `upto`, so an event committing meanwhile is in the
 * next response, never skipped and never half-seen.
 *
 * Which rooms, and how much of each:
 *   join    initial sync, or joined since `since` (newly joined): the whole
 *           state and the latest timeline; full_state: the whole state and
 *           the timeline since `since`; otherwise rooms with events (or room
 *           account data, receipts or typing) since `since`, with the state
 *           delta (an ephemeral-only room has an empty timeline).
 *   invite  invites received since `since` (all current ones initially).
 *   leave   leaves, kicks, bans and rejected invites since `since`, with the
 *           timeline up to the leave event; in an initial sync only with the
 *           filter's include_leave. Forgotten rooms never appear.
 */
import type { clientSync, clientTypes } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import { allowsRoom, matchesEvent } from "../filters/match.js";
import type { SyncFilter } from "../filters/sync-filter.js";
import { accountDataChanges } from "./account-data.js";
import { EventFormatter } from "./client-events.js";
import { inviteState } from "./invite-state.js";
import { joinedBetween } from "./queries.js";
import { joinedRoomEntry, leftRoomEntry, type RoomRange, type RoomSyncScope } from "./room-entries.js";
import type { TypingService } from "../typing/index.js";
import { presenceEvents } from "./presence.js";
import { receiptEvents } from "./receipts.js";
import { formatSyncToken } from "./tokens.js";
import { unreadCounts } from "./unread.js";
import { userRoomsAt, type UserRoom } from "./user-rooms.js";

type SyncResponse = clientSync.SyncResponse;
type JoinedRoom = clientSync.JoinedRoom;
type LeftRoom = clientSync.LeftRoom;
type InvitedRoom = clientSync.InvitedRoom;
type BasicEvent = clientTypes.BasicEvent;

export type SyncParams = {
  userId: string;
  deviceId: string | undefined;
  /** Undefined for an initial sync. */
  since: number | undefined;
  filter: SyncFilter;
  fullState: boolean;
  useStateAfter: boolean;
  /** The typing mark of the `since` token (undefined: send who is typing now). */
  sinceTyping: string | undefined;
};

/** Typing state is in memory, not in the database: /sync reads it through this. */
export type TypingView = Pick<TypingService, "changedSince" | "typingIn">;

/** Where the response ends: the stream position and the typing mark, read together before computing. */
export type SyncUpto = { stream: number; typing: string };

export type ComputedSync = { response: SyncResponse; empty: boolean };

/** Rooms built at once; PGlite serialises queries anyway, Postgres gets some parallelism. */
const ROOM_CONCURRENCY = 4;

export async function computeSync(q: SqlExecutor, now: number, p: SyncParams, end: SyncUpto, typing: TypingView): Promise<ComputedSync> {
  const upto = end.stream;
  const initial = p.since === undefined;
  const since = p.since ?? 0;
  const { filter } = p;
  // The rooms, and flags saying which of the reads below can only come back empty (user-rooms.ts).
  const { rooms: allRooms, changes } = await userRoomsAt(q, p.userId, since, upto);
  const rooms = allRooms.filter((r) => allowsRoom(filter.rooms, r.roomId));
  const accountData = await accountDataChanges(q, { userId: p.userId, since, upto, filter, initial, changes });
  const scope: RoomSyncScope = {
    q, userId: p.userId, filter, useStateAfter: p.useStateAfter, formatter: new EventFormatter(q, { viewer: { userId: p.userId, deviceId: p.deviceId }, now }),
  };
  const roomData = (roomId: string): BasicEvent[] => accountData.byRoom.get(roomId) ?? [];

  const joinedRooms = rooms.filter((r) => r.membership === "join");
  const stillJoined = new Set(joinedRooms.filter((r) => !initial && r.sinceMembership === "join").map((r) => r.roomId));
  const changed = new Set(p.fullState ? [] : joinedRooms.filter((r) => stillJoined.has(r.roomId) && r.hasEvents).map((r) => r.roomId));
  const ephemeral = await ephemeralEvents(q, p, joinedRooms, upto, typing);
  const joinRanges: RoomRange[] = [];
  for (const r of joinedRooms) {
    const newlyJoined = initial || r.sinceMembership !== "join";
    const roomEphemeral = ephemeral.get(r.roomId) ?? [];
    if (newlyJoined || p.fullState) {
      joinRanges.push({ roomId: r.roomId, timelineSince: newlyJoined ? 0 : since, stateSince: 0, end: upto, accountData: roomData(r.roomId), ephemeral: roomEphemeral });
    } else if (changed.has(r.roomId) || accountData.byRoom.has(r.roomId) || roomEphemeral.length > 0) {
      joinRanges.push({ roomId: r.roomId, timelineSince: since, stateSince: since, end: upto, accountData: roomData(r.roomId), ephemeral: roomEphemeral, stateChanged: r.hasState });
    }
  }

  const leaveRanges: RoomRange[] = [];
  for (const r of rooms) {
    if (r.membership !== "leave" && r.membership !== "ban") continue;
    if (initial ? !filter.includeLeave : r.streamPos <= since) continue;
    leaveRanges.push({ roomId: r.roomId, timelineSince: since, stateSince: await leftStateSince(q, p.userId, r, since), end: r.streamPos, accountData: roomData(r.roomId), leaveEventId: r.eventId });
  }

  const invites = rooms.filter((r) => r.membership === "invite" && (initial || r.streamPos > since));

  const join: Record<string, JoinedRoom> = {};
  await eachLimited(joinRanges, async (range) => {
    const built = await joinedRoomEntry(scope, range);
    if (!built.empty) join[range.roomId] = built.entry;
  });
  const counts = await unreadCounts(q, p.userId, Object.keys(join), upto);
  for (const [roomId, entry] of Object.entries(join)) {
    const c = counts.get(roomId);
    if (c) entry.unread_notifications = c;
  }
  const leave: Record<string, LeftRoom> = {};
  await eachLimited(leaveRanges, async (range) => {
    const built = await leftRoomEntry(scope, range);
    if (!built.empty) leave[range.roomId] = built.entry;
  });
  const invite: Record<string, InvitedRoom> = {};
  await eachLimited(invites, async (r) => {
    invite[r.roomId] = { invite_state: { events: await inviteState(q, scope.formatter, r) } };
  });

  // Co-members met in range come with a member event, so with hasState on a room of the user's.
  const presenceChanged = changes.presence || allRooms.some((r) => r.hasState);
  const presence = presenceChanged ? await presenceEvents(q, { viewer: p.userId, since, upto, initial, filter: filter.presence, now }) : [];

  const response = emptySyncResponse(end);
  response.rooms = { join: sortedByKey(join), invite: sortedByKey(invite), leave: sortedByKey(leave), knock: {} };
  response.account_data = { events: accountData.global };
  response.presence = { events: presence };
  const empty = Object.keys(join).length + Object.keys(invite).length + Object.keys(leave).length + accountData.global.length + presence.length === 0;
  return { response, empty };
}

/** The answer when nothing happened: the same keys as any other response. */
export function emptySyncResponse(end: { stream: number; typing: string | undefined }): SyncResponse {
  return {
    next_batch: formatSyncToken(end),
    rooms: { join: {}, invite: {}, leave: {}, knock: {} },
    account_data: { events: [] },
    presence: { events: [] },
  };
}

/**
 * A left room's state goes only to someone who was in it: the delta since
 * `since` if they were joined then, the whole state (up to the leave) if they
 * joined later, nothing for a rejected invite (they saw the stripped state).
 */
async function leftStateSince(q: SqlExecutor, userId: string, r: UserRoom, since: number): Promise<number | null> {
  if (since > 0 && r.sinceMembership === "join") return since;
  return (await joinedBetween(q, r.roomId, userId, since, r.streamPos)) ? 0 : null;
}

/**
 * Per joined room, its ephemeral events for this response: receipts written
 * in (since, upto] (all current ones for a newly joined room) and the typing
 * list when it changed after the token's mark (or someone is typing in a
 * newly joined room). Filtered by the filter's `ephemeral` part.
 */
async function ephemeralEvents(q: SqlExecutor, p: SyncParams, joined: readonly UserRoom[], upto: number, typing: TypingView): Promise<Map<string, BasicEvent[]>> {
  const matcher = p.filter.ephemeral;
  const rooms = joined.filter((r) => allowsRoom(matcher, r.roomId));
  const isNew = (r: UserRoom) => p.since === undefined || r.sinceMembership !== "join";
  const result = new Map<string, BasicEvent[]>();
  const add = (roomId: string, event: BasicEvent) => {
    if (!matchesEvent(matcher, event)) return;
    let list = result.get(roomId);
    if (!list) result.set(roomId, (list = []));
    list.push(event);
  };
  const receiptRanges = rooms.filter((r) => isNew(r) || r.hasReceipts).map((r) => ({ roomId: r.roomId, since: isNew(r) ? 0 : (p.since ?? 0) }));
  const receipts = await receiptEvents(q, p.userId, receiptRanges, upto);
  for (const [roomId, event] of receipts) add(roomId, event);
  const typingChanged = new Set(typing.changedSince(p.sinceTyping, rooms.map((r) => r.roomId)));
  for (const r of rooms) {
    const typers = typing.typingIn(r.roomId);
    // A newly joined room has no earlier list to correct: only say something when someone is typing.
    const send = isNew(r) ? typers.length > 0 : typingChanged.has(r.roomId);
    if (send) add(r.roomId, { type: "m.typing", content: { user_ids: typers } });
  }
  return result;
}

/**
 * Runs `fn` over the items, a few at a time, yielding to the event loop
 * between rooms so a large sync never starves other requests. Not after the
 * last one: the syncs one message wakes then go on to their next read
 * together, and share it (store/batched-reads.ts).
 */
async function eachLimited<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
      if (next < items.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: Math.min(ROOM_CONCURRENCY, items.length) }, worker));
}

/** Rooms finish in any order; a stable key order makes responses reproducible. */
function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
