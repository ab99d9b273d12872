/**
 * POST /createRoom: validate the whole request first (nothing is written
 * when any part is refused), plan the events, and hand them to the event
 * writer as one room.
 */
import { randomBytes } from "node:crypto";
import { isSupportedRoomVersion, makeRoomIdWithServer, roomVersion, DEFAULT_ROOM_VERSION, type BodyOf, type clientRooms } from "@ward/protocol";
import { MatrixError, invalidParam } from "../../http/matrix-error.js";
import type { ServiceContext } from "../context.js";
import { planRoomDrafts, type Preset, type RoomRequest } from "./create-room-plan.js";
import type { EventWriter } from "./event-writer.js";
import { checkStateContent } from "./state-rules.js";
import { checkInvitableUser, checkUserId, memberProfileOf } from "./users.js";

export type CreateRoomBody = BodyOf<typeof clientRooms.createRoom>;

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `!<18 random letters>:server` for versions before 12. */
function randomRoomId(serverName: string): string {
  const bytes = randomBytes(18);
  const opaque = Array.from(bytes, (b) => LETTERS[b % LETTERS.length]).join("");
  return makeRoomIdWithServer(opaque, serverName);
}

export function createRoomCreator(ctx: ServiceContext, writer: EventWriter) {
  return async function createRoom(creator: string, body: CreateRoomBody): Promise<string> {
    if (body.room_alias_name !== undefined) throw invalidParam("room aliases are not supported yet: leave out room_alias_name");
    if (body.invite_3pid !== undefined && body.invite_3pid.length > 0) throw invalidParam("third-party (email) invites are not supported");
    const versionId = body.room_version ?? DEFAULT_ROOM_VERSION;
    if (!isSupportedRoomVersion(versionId)) {
      throw new MatrixError(400, "M_UNSUPPORTED_ROOM_VERSION", `Room version ${JSON.stringify(versionId)} is not supported; Ward supports 10, 11 and 12`);
    }
    const version = roomVersion(versionId);
    const preset: Preset = body.preset ?? (body.visibility === "public" ? "public_chat" : "private_chat");

    const invite: string[] = [];
    for (const [i, value] of (body.invite ?? []).entries()) {
      const userId = await checkInvitableUser(ctx.db, ctx.config.serverName, value, `invite[${i}]`);
      if (userId === creator) throw invalidParam("invite: you cannot invite yourself");
      if (!invite.includes(userId)) invite.push(userId);
    }
    const extra = body.creation_content?.additional_creators;
    if (extra !== undefined) {
      if (!Array.isArray(extra)) throw invalidParam("creation_content.additional_creators must be an array of user IDs");
      extra.forEach((id, i) => {
        const field = `creation_content.additional_creators[${i}]`;
        if (typeof id !== "string") throw invalidParam(`${field} must be a user ID`);
        checkUserId(id, field);
      });
    }
    const initialState = (body.initial_state ?? []).map((s, i) => {
      if (s.type === "") throw invalidParam(`initial_state[${i}].type must not be empty`);
      if (s.type === "m.room.create") throw invalidParam(`initial_state[${i}]: the server writes m.room.create; use creation_content`);
      checkStateContent(s.type, s.content);
      return { type: s.type, stateKey: s.state_key ?? "", content: s.content };
    });

    const request: RoomRequest = {
      creator,
      version,
      preset,
      creatorProfile: await memberProfileOf(ctx.db, creator),
      invite,
      isDirect: body.is_direct === true,
      name: body.name,
      topic: body.topic,
      creationContent: body.creation_content,
      initialState,
      powerLevelOverride: body.power_level_content_override,
    };
    const created = await writer.createRoom({
      version,
      roomId: version.roomIdFromCreateEvent ? undefined : randomRoomId(ctx.config.serverName),
      creator,
      drafts: planRoomDrafts(request),
      isDirect: request.isDirect,
      published: body.visibility === "public",
    });
    return created.roomId;
  };
}
