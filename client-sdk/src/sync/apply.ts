/**
 * Handling one /sync answer: global account data first (m.direct tells which
 * rooms are direct messages), then joined, invited and left rooms. For each
 * room, state and timeline are applied in the order they happened, and every
 * change is announced on the client's emitter.
 */
import type { JsonObject } from "@ward/protocol";
import type { clientSync } from "@ward/protocol/endpoints";
import type { ClientEvents } from "../client-events.js";
import type { TypedEmitter } from "../emitter.js";
import { isRetryable, WardAbortError } from "../errors.js";
import type { HttpClient } from "../http.js";
import { parseRoomEvent } from "../events/parse.js";
import type { Room } from "../room.js";
import type { RawEvent } from "../room-timeline.js";
import { applyEphemeral } from "./ephemeral.js";
import { fillGap, type GapFill } from "./gap.js";
import { applyStateEntry, applyTimelineEvent } from "./timeline.js";

export type ApplyContext = {
  readonly userId: string;
  readonly emitter: TypedEmitter<ClientEvents>;
  readonly http: HttpClient;
  /** At most this many missed events are fetched to fill a gap (0: never). */
  readonly gapFillLimit: number;
  /** The room, created (and announced) if the client did not know it. */
  room(roomId: string): Room;
  setAccountData(type: string, content: JsonObject): void;
};

type SyncRoomData = clientSync.JoinedRoom | clientSync.LeftRoom;

export async function applySync(ctx: ApplyContext, res: clientSync.SyncResponse, since: string | undefined, signal: AbortSignal): Promise<void> {
  // Everything that needs the network first: if it fails, nothing of this answer has been applied and
  // the loop can ask for the same answer again.
  const gaps = await fetchGaps(ctx, res, since, signal);
  for (const event of res.account_data?.events ?? []) {
    ctx.setAccountData(event.type, event.content);
    ctx.emitter.emit("accountData", { type: event.type, content: event.content, room: undefined });
  }
  for (const [roomId, data] of Object.entries(res.rooms?.join ?? {})) applyRoom(ctx, ctx.room(roomId), data, since, gaps.get(roomId));
  for (const [roomId, data] of Object.entries(res.rooms?.invite ?? {})) applyInvite(ctx, ctx.room(roomId), data);
  for (const [roomId, data] of Object.entries(res.rooms?.leave ?? {})) {
    const room = ctx.room(roomId);
    applyRoom(ctx, room, data, since, gaps.get(roomId));
    if (room.ownMembership !== "ban") room.ownMembership = "leave";
  }
  ctx.emitter.emit("sync", { nextBatch: res.next_batch, initial: since === undefined });
}

/**
 * The missed events of every room whose timeline is limited, unless the user
 * joined in that very timeline (what precedes the join is the room's past,
 * not a gap). A page the server refuses (a room one may no longer read)
 * counts as a gap that cannot be filled; no answer is thrown on, to retry.
 */
async function fetchGaps(ctx: ApplyContext, res: clientSync.SyncResponse, since: string | undefined, signal: AbortSignal): Promise<Map<string, GapFill>> {
  const gaps = new Map<string, GapFill>();
  if (since === undefined || ctx.gapFillLimit <= 0) return gaps;
  const rooms: Array<[string, SyncRoomData]> = [...Object.entries(res.rooms?.join ?? {}), ...Object.entries(res.rooms?.leave ?? {})];
  for (const [roomId, data] of rooms) {
    const timeline = data.timeline;
    if (!timeline?.limited || timeline.prev_batch === undefined || timeline.events.some((e) => isNewOwnJoin(ctx.userId, e))) continue;
    try {
      gaps.set(roomId, await fillGap(ctx.http, roomId, timeline.prev_batch, since, ctx.gapFillLimit, signal));
    } catch (error) {
      if (isRetryable(error) || error instanceof WardAbortError) throw error;
      gaps.set(roomId, { events: [], complete: false, backToken: timeline.prev_batch });
    }
  }
  return gaps;
}

function applyRoom(ctx: ApplyContext, room: Room, data: SyncRoomData, since: string | undefined, gap: GapFill | undefined): void {
  const parse = (raw: RawEvent | clientSync.Timeline["events"][number]) => parseRoomEvent(raw, room.roomId);
  const timeline = (data.timeline?.events ?? []).map(parse);
  const missed = (gap?.events ?? []).map(parse);
  const prevBatch = data.timeline?.prev_batch;
  if (gap && !gap.complete) {
    room.history.reset(gap.backToken);
    ctx.emitter.emit("timelineGap", { room });
  } else if (data.timeline?.limited && !gap) {
    // Not filled: an initial sync, a join in this timeline, or gap filling turned off.
    room.history.reset(prevBatch);
    const joinedNow = timeline.some((p) => isNewOwnJoin(ctx.userId, p.event));
    if (since !== undefined && !joinedNow) ctx.emitter.emit("timelineGap", { room });
  }
  if (missed.length === 0) room.history.startAt(prevBatch);

  // History the client catches up on is not live: all of an initial sync, and what precedes the user's own join.
  const ordered = [...missed, ...timeline];
  const joinAt = ordered.findIndex((p) => p.known && isNewOwnJoin(ctx.userId, p.event));
  const isLive = (i: number) => since !== undefined && i >= Math.max(0, joinAt);
  missed.forEach((p, i) => applyTimelineEvent(ctx, room, p, isLive(i)));
  const state = "state_after" in data && data.state_after ? data.state_after : data.state;
  for (const raw of state?.events ?? []) applyStateEntry(ctx, room, parse(raw));
  timeline.forEach((p, i) => applyTimelineEvent(ctx, room, p, isLive(missed.length + i)));

  for (const event of data.account_data?.events ?? []) {
    room.setAccountData(event.type, event.content);
    ctx.emitter.emit("accountData", { type: event.type, content: event.content, room });
  }
  if ("ephemeral" in data) applyEphemeral(ctx.emitter, room, data.ephemeral?.events ?? []);
  if ("summary" in data && data.summary?.["m.heroes"]) room.heroes = data.summary["m.heroes"];
  if ("unread_notifications" in data && data.unread_notifications) {
    const counts = { notifications: data.unread_notifications.notification_count ?? 0, highlights: data.unread_notifications.highlight_count ?? 0 };
    if (room.setUnread(counts)) ctx.emitter.emit("unread", { room, ...counts });
  }
}

type MemberLike = { readonly type: string; readonly state_key?: string; readonly content: object; readonly unsigned?: { prev_content?: JsonObject } };

/** The user's own join, not a join that follows a join (a display name change). */
function isNewOwnJoin(userId: string, e: MemberLike): boolean {
  if (e.type !== "m.room.member" || e.state_key !== userId || (e.content as { membership?: unknown }).membership !== "join") return false;
  return e.unsigned?.prev_content?.membership !== "join";
}

function applyInvite(ctx: ApplyContext, room: Room, data: clientSync.InvitedRoom): void {
  const wasInvited = room.ownMembership === "invite";
  for (const stripped of data.invite_state?.events ?? []) {
    // Stripped state has no event ID or timestamp: enough to name the room and its inviter.
    applyStateEntry(ctx, room, parseRoomEvent({ ...stripped, event_id: "", origin_server_ts: 0 }, room.roomId), false);
  }
  const own = room.getState("m.room.member", ctx.userId);
  room.ownMembership = "invite";
  room.inviter = own?.sender;
  if (!wasInvited) ctx.emitter.emit("invite", { room, inviter: room.inviter, isDirect: own?.content.is_direct === true });
}
