/**
 * Everything a WardClient emits, by name, with its payload:
 *
 *   client.on("timeline", ({ room, event, live }) => {
 *     if (event.type === "m.room.message" && event.content.msgtype === "m.text") ...
 *   });
 *
 * `live` is false for history the client catches up on (an initial sync, the
 * messages from before the user joined a room), true for news: bots answer
 * only live messages.
 */
import type { JsonObject } from "@ward/protocol";
import type { WardApiError } from "./errors.js";
import type { Membership } from "./events/content.js";
import type { MemberEvent, RoomEvent, StateEvent, UnknownRoomEvent } from "./events/types.js";
import type { Room } from "./room.js";
import type { PendingEvent } from "./sending/pending-event.js";
import type { SyncState } from "./sync/sync-loop.js";

export type ClientEvents = {
  /** The sync loop's state changed. */
  syncState: { state: SyncState };
  /** One /sync answer has been handled; `initial` for the first one without a token. */
  sync: { nextBatch: string; initial: boolean };
  /** A sync request failed; `retryInMs` is when the loop tries again, undefined when it gave up. */
  syncError: { error: unknown; retryInMs: number | undefined };
  /**
   * The access token stopped working. `softLogout` (Ward's idle timeout): the
   * user may log in again as the same device with `client.resumeSession(password)`;
   * `unknownToken`: the session was ended elsewhere (logout, device removed).
   * The sync loop has stopped in either case.
   */
  sessionEnded: { reason: "softLogout" | "unknownToken"; error: WardApiError };
  /** A room the client did not know yet (joined, invited, created). */
  room: { room: Room };
  /** A typed event arrived in a room's timeline (through /sync, oldest first). */
  timeline: { room: Room; event: RoomEvent; live: boolean };
  /** An event of a type the SDK does not type, or whose content did not fit its type. */
  unknownEvent: { room: Room; event: UnknownRoomEvent; live: boolean };
  /** More events were missed than the client fetches to fill a gap: the room's window started over. */
  timelineGap: { room: Room };
  /** A state event was applied to a room's current state. */
  state: { room: Room; event: StateEvent };
  /** Someone's membership in a room changed (from the timeline; `previous` as the client knew it). */
  membership: { room: Room; userId: string; membership: Membership; previous: Membership | undefined; event: MemberEvent; live: boolean };
  /** The user was invited to a room. */
  invite: { room: Room; inviter: string | undefined; isDirect: boolean };
  /** A read receipt: `userId` has read up to `eventId`. */
  receipt: { room: Room; eventId: string; userId: string; receiptType: string; ts: number | undefined; threadId: string | undefined };
  /** The complete list of users typing in a room now. */
  typing: { room: Room; userIds: string[] };
  /** Unread counts changed: `notifications` is the blue badge (every new message), `highlights` the orange one (mentions). */
  unread: { room: Room; notifications: number; highlights: number };
  /** Account data changed: global, or of `room`. */
  accountData: { type: string; content: JsonObject; room: Room | undefined };
  /** A local echo was created or changed status (sending → sent or failed). */
  localEcho: { room: Room; pending: PendingEvent };
  /** A sent event came back through /sync and replaces its local echo. */
  remoteEcho: { room: Room; pending: PendingEvent; event: RoomEvent | UnknownRoomEvent };
};
