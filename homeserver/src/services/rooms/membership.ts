/**
 * Membership changes a local user asks for: join, invite, leave (and reject
 * an invite), kick, ban, unban, forget. Each is one member event through the
 * event writer; the auth rules decide power and join rules, and the guards
 * here add what they do not say (kicking someone who is not there, leaving
 * twice, unbanning someone who is not banned).
 */
import { stateKeyOf, type JsonObject } from "@ward/protocol";
import { MatrixError, forbidden, notInRoom, roomNotFound } from "../../http/matrix-error.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import { forgottenTable } from "../../store/tables/forgotten.js";
import { roomsTable } from "../../store/tables/rooms.js";
import type { ServiceContext } from "../context.js";
import type { EventWriter, GuardView } from "./event-writer.js";
import { checkInvitableUser, checkUserId, memberProfileOf } from "./users.js";
import { assertMessageable } from "../staff/index.js";
import { roomMembershipOf } from "./visibility.js";
import { notInRoomError } from "../messenger/visibility.js";

export interface MembershipService {
  /** Returns the room ID. Joining a room one is in already writes nothing. */
  join(userId: string, roomId: string, reason?: string): Promise<string>;
  invite(sender: string, roomId: string, target: string, reason?: string): Promise<void>;
  /**
   * Leaves, or rejects an invite. Leaving a room already left writes nothing.
   * `accountDeactivation`: only account deactivation sets it, to get a deactivated account out of its direct conversations.
   */
  leave(userId: string, roomId: string, reason?: string, options?: { readonly accountDeactivation?: boolean }): Promise<void>;
  kick(sender: string, roomId: string, target: string, reason?: string): Promise<void>;
  ban(sender: string, roomId: string, target: string, reason?: string): Promise<void>;
  unban(sender: string, roomId: string, target: string, reason?: string): Promise<void>;
  forget(userId: string, roomId: string): Promise<void>;
  joinedRooms(userId: string): Promise<string[]>;
}

const MEMBER = "m.room.member";

function membershipIn(view: GuardView, userId: string): { membership: string | undefined; eventId: string | undefined } {
  const event = view.head.state.get(stateKeyOf(MEMBER, userId));
  const membership = event?.content.membership;
  return { membership: typeof membership === "string" ? membership : undefined, eventId: event?.event_id };
}

function memberContent(membership: string, reason: string | undefined, extra: JsonObject = {}): JsonObject {
  return { membership, ...extra, ...(reason !== undefined && { reason }) };
}

export function createMembershipService(ctx: ServiceContext, writer: EventWriter): MembershipService {
  const serverName = ctx.config.serverName;

  async function change(
    sender: string, roomId: string, target: string, content: JsonObject, guard?: (view: GuardView) => string | undefined, accountDeactivation?: boolean,
  ): Promise<void> {
    await writer.write({ roomId, draft: { sender, type: MEMBER, stateKey: target, content }, guard, accountDeactivation });
  }

  return {
    async join(userId, roomId, reason) {
      // Joining needs the room to exist here; Ward cannot join over federation yet.
      if (!(await roomsTable.get(ctx.db, roomId))) throw roomNotFound();
      const profile = await memberProfileOf(ctx.db, userId);
      // A private room one was never in answers exactly the same (services/messenger/rules.ts).
      await change(userId, roomId, userId, memberContent("join", reason, profile), (view) => {
        const { membership, eventId } = membershipIn(view, userId);
        return membership === "join" ? eventId : undefined;
      });
      return roomId;
    },

    async invite(sender, roomId, target, reason) {
      const userId = await checkInvitableUser(ctx.db, serverName, target, "user_id");
      // Staff invite only people in the staff directory (services/staff).
      await assertMessageable(ctx.db, serverName, [userId]);
      await change(sender, roomId, userId, memberContent("invite", reason));
    },

    async leave(userId, roomId, reason, options) {
      await change(userId, roomId, userId, memberContent("leave", reason), (view) => {
        const { membership, eventId } = membershipIn(view, userId);
        // Only reached in a public channel: the messenger rules hide any other room from a stranger.
        if (membership === undefined) throw notInRoom();
        return membership === "leave" ? eventId : undefined;
      }, options?.accountDeactivation);
    },

    async kick(sender, roomId, target, reason) {
      const userId = checkUserId(target, "user_id");
      await change(sender, roomId, userId, memberContent("leave", reason), (view) => {
        const { membership } = membershipIn(view, userId);
        if (membership !== "join" && membership !== "invite" && membership !== "knock") throw forbidden(`${userId} is not in the room`);
        return undefined;
      });
    },

    async ban(sender, roomId, target, reason) {
      const userId = checkUserId(target, "user_id");
      await change(sender, roomId, userId, memberContent("ban", reason));
    },

    async unban(sender, roomId, target, reason) {
      const userId = checkUserId(target, "user_id");
      await change(sender, roomId, userId, memberContent("leave", reason), (view) => {
        if (membershipIn(view, userId).membership !== "ban") throw forbidden(`${userId} is not banned from the room`);
        return undefined;
      });
    },

    async forget(userId, roomId) {
      await ctx.db.transaction(async (tx) => {
        const membership = await roomMembershipOf(tx, userId, roomId);
        if (membership === null) throw await notInRoomError(tx, userId, roomId);
        if (membership !== "leave" && membership !== "ban") throw new MatrixError(400, "M_UNKNOWN", `${userId} is in room ${roomId}: leave it first`);
        await forgottenTable.insert(tx, userId, roomId);
      });
    },

    async joinedRooms(userId) {
      return (await currentStateTable.roomsForUser(ctx.db, userId, ["join"])).map((r) => r.roomId);
    },
  };
}
