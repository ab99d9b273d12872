/**
 * POST /createRoom: validate the whole request first (nothing is written
 * when any part is refused), plan the events, and hand them to the event
 * writer as one room.
 */
import { randomBytes } from "node:crypto";
import { isSupportedRoomVersion, isValidNewAliasLocalpart, makeRoomIdWithServer, roomVersion, DEFAULT_ROOM_VERSION, type BodyOf, type clientRooms } from "@ward/protocol";
import { MatrixError, invalidParam } from "../../http/matrix-error.js";
import type { Transaction } from "../../store/database.js";
import { roomAliasesTable } from "../../store/tables/room-aliases.js";
import type { ServiceContext } from "../context.js";
import { checkNewAlias } from "../directory/aliases.js";
import { planRoomDrafts, type Preset, type RoomRequest } from "./create-room-plan.js";
import type { EventWriter } from "./event-writer.js";
import { checkStateContent } from "./state-rules.js";
import { checkInvitableUser, checkUserId, memberProfileOf } from "./users.js";
import { addDirectRooms, checkDirectDrafts, planMessengerRoom } from "../messenger/creation.js";
import { assertMessageable } from "../staff/index.js";

export type CreateRoomBody = BodyOf<typeof clientRooms.createRoom>;

/** More work in the room's creating transaction (throw to create nothing): openDirect's one-to-one check. */
export type CreateRoomOptions = { readonly inTransaction?: ((tx: Transaction, roomId: string) => Promise<void>) | undefined };

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `!<18 random letters>:server` for versions before 12. */
function randomRoomId(serverName: string): string {
  const bytes = randomBytes(18);
  const opaque = Array.from(bytes, (b) => LETTERS[b % LETTERS.length]).join("");
  return makeRoomIdWithServer(opaque, serverName);
}

const aliasInUse = (alias: string) => new MatrixError(400, "M_ROOM_IN_USE", `Room alias ${alias} is already in use`);

/** `#<room_alias_name>:<server>`, refused early (nothing written) when malformed or taken. */
async function newAliasOf(ctx: ServiceContext, localpart: string): Promise<string> {
  if (!isValidNewAliasLocalpart(localpart)) throw invalidParam("room_alias_name: not a usable alias localpart (no ':', NUL, whitespace or control characters)");
  const alias = checkNewAlias(`#${localpart}:${ctx.config.serverName}`, ctx.config.serverName, "room_alias_name");
  if (await roomAliasesTable.get(ctx.db, alias)) throw aliasInUse(alias);
  return alias;
}

export function createRoomCreator(ctx: ServiceContext, writer: EventWriter) {
  return async function createRoom(creator: string, body: CreateRoomBody, options: CreateRoomOptions = {}): Promise<string> {
    const alias = body.room_alias_name === undefined ? undefined : await newAliasOf(ctx, body.room_alias_name);
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
    // Staff create rooms only with people in the staff directory (services/staff).
    await assertMessageable(ctx.db, ctx.config.serverName, invite);
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
      return { type: s.type, stateKey: s.state_key ?? "", content: s.content };
    });

    // The room does not exist yet: the only alias its initial state may name is the one being created with it.
    for (const s of initialState) await checkStateContent(s.type, s.content, async (a) => a === alias);
    // Ward's messenger: the room's kind in its create event, and a direct conversation's own rules (services/messenger).
    const messenger = planMessengerRoom({
      creator, invite, isDirect: body.is_direct === true, visibility: body.visibility, creationContent: body.creation_content,
      version, autoJoin: ctx.config.directAutoJoin, serverName: ctx.config.serverName,
    });
    const autoJoin = await Promise.all((messenger.direct?.autoJoin ?? []).map(async (userId) => ({ userId, profile: await memberProfileOf(ctx.db, userId) })));

    const request: RoomRequest = {
      creator,
      version,
      preset,
      creatorProfile: await memberProfileOf(ctx.db, creator),
      invite,
      isDirect: body.is_direct === true,
      name: body.name,
      topic: body.topic,
      creationContent: messenger.creationContent,
      initialState,
      powerLevelOverride: body.power_level_content_override,
      canonicalAlias: alias,
      autoJoin,
    };
    const drafts = planRoomDrafts(request);
    if (messenger.direct) checkDirectDrafts(drafts, messenger.direct.members);
    const created = await writer.createRoom({
      version,
      roomId: version.roomIdFromCreateEvent ? undefined : randomRoomId(ctx.config.serverName),
      creator,
      drafts,
      isDirect: request.isDirect,
      published: body.visibility === "public",
      // In the room's own transaction: a room, its alias and its members' m.direct are created together or not at all.
      inTransaction: async (tx: Transaction, roomId: string) => {
        await options.inTransaction?.(tx, roomId);
        if (alias !== undefined && !(await roomAliasesTable.insert(tx, { alias, roomId, creator, createdTs: ctx.clock() }))) throw aliasInUse(alias);
        if (messenger.direct) await addDirectRooms(tx, roomId, messenger.direct.members, ctx.config.serverName);
      },
    });
    return created.roomId;
  };
}
