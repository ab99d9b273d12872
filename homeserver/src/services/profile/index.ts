/**
 * The profile service: reading a user's display name and avatar, and
 * changing one's own. A change is written to the users table first, then
 * into every room the user is joined to as a new m.room.member event (through
 * the rooms event writer, as the user), so other members see it. Remote
 * users answer 404: Ward does not query other servers' profiles yet.
 */
import { stateKeyOf, userIdServer } from "@ward/protocol";
import { forbidden, invalidParam, notFound } from "../../http/matrix-error.js";
import { usersTable } from "../../store/tables/users.js";
import type { ServiceContext } from "../context.js";
import type { RoomsService } from "../rooms/index.js";
import { checkUserId, memberProfileOf } from "../rooms/users.js";

export type Profile = { displayname?: string; avatar_url?: string };

export interface ProfileService {
  /** 404 for unknown, deactivated or remote users. */
  get(userId: string): Promise<Profile>;
  /** `null` (or "") clears the field. Only `sender === target` may change it. */
  setDisplayName(sender: string, target: string, displayname: string | null): Promise<void>;
  setAvatarUrl(sender: string, target: string, avatarUrl: string | null): Promise<void>;
}

export const MAX_DISPLAYNAME_LENGTH = 256;
const MXC = /^mxc:\/\/[A-Za-z0-9.:\-[\]]+\/[A-Za-z0-9_-]+$/;
const MEMBER = "m.room.member";

export function createProfileService(ctx: ServiceContext, deps: { rooms: RoomsService }): ProfileService {
  const serverName = ctx.config.serverName;

  async function localUser(value: string) {
    const userId = checkUserId(value, "userId");
    if (userIdServer(userId as Parameters<typeof userIdServer>[0]) !== serverName) {
      throw notFound("Profile not found: Ward does not look up users of other servers yet");
    }
    const user = await usersTable.get(ctx.db, userId);
    if (!user || user.deactivated) throw notFound("Profile not found");
    return user;
  }

  /** One new member event per joined room; a room that refuses is logged and skipped, the others still change. */
  async function updateRooms(userId: string): Promise<void> {
    const profile = await memberProfileOf(ctx.db, userId);
    for (const roomId of await deps.rooms.joinedRooms(userId)) {
      try {
        await deps.rooms.writer.write({
          roomId,
          draft: { sender: userId, type: MEMBER, stateKey: userId, content: { membership: "join", ...profile } },
          guard: ({ head }) => {
            const current = head.state.get(stateKeyOf(MEMBER, userId));
            // Left since joinedRooms was read: nothing to update there.
            if (!current || current.content.membership !== "join") return current?.event_id ?? "";
            const same = current.content.displayname === profile.displayname && current.content.avatar_url === profile.avatar_url;
            return same ? current.event_id : undefined;
          },
        });
      } catch (err) {
        ctx.logger.warn({ err, roomId, userId }, "profile change not written to room");
      }
    }
  }

  async function set(sender: string, target: string, field: "displayname" | "avatarUrl", value: string | null): Promise<void> {
    const user = await localUser(target);
    if (user.userId !== sender) throw forbidden("You can only change your own profile");
    const next = value === "" ? null : value;
    if (user[field] === next) return;
    await usersTable.setProfile(ctx.db, user.userId, { [field]: next });
    ctx.logger.info({ userId: user.userId, field }, "profile changed");
    await updateRooms(user.userId);
  }

  return {
    async get(userId) {
      const user = await localUser(userId);
      return {
        ...(user.displayname != null && { displayname: user.displayname }),
        ...(user.avatarUrl != null && { avatar_url: user.avatarUrl }),
      };
    },
    async setDisplayName(sender, target, displayname) {
      if (displayname !== null && [...displayname].length > MAX_DISPLAYNAME_LENGTH) {
        throw invalidParam(`displayname is longer than ${MAX_DISPLAYNAME_LENGTH} characters`);
      }
      await set(sender, target, "displayname", displayname);
    },
    async setAvatarUrl(sender, target, avatarUrl) {
      if (avatarUrl !== null && avatarUrl !== "" && !MXC.test(avatarUrl)) throw invalidParam("avatar_url must be an mxc:// URI");
      await set(sender, target, "avatarUrl", avatarUrl);
    },
  };
}
