/**
 * The directory service: room aliases of this server (resolve, create,
 * delete, list per room) and the public room directory (listing flag and
 * the paged, searchable list of published rooms).
 *
 * Ward's messenger (services/messenger/visibility.ts): a private channel or a
 * direct conversation answers a non-member's alias lookup, alias creation
 * and listing-flag questions exactly like a room that does not exist; the
 * directory lists public channels only; a direct conversation is never listed.
 */
import { isRoomId, type clientTypes, type JsonObject } from "@ward/protocol";
import { MatrixError, forbidden, invalidParam, notFound, notInRoom, roomNotFound } from "../../http/matrix-error.js";
import { roomAliasesTable } from "../../store/tables/room-aliases.js";
import { roomsTable, type RoomRow } from "../../store/tables/rooms.js";
import type { ServiceContext } from "../context.js";
import { roomAccessOf } from "../rooms/access.js";
import type { Sender, SendService } from "../rooms/send.js";
import { roomSummaryOf } from "../rooms/summary.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import { eventsTable } from "../../store/tables/events.js";
import { pduOf } from "../rooms/stored-events.js";
import { canManageAliases, checkAlias, checkNewAlias, isJoined, isLocalAlias } from "./aliases.js";
import { listedInDirectory, notInRoomError, roomKnownTo } from "../messenger/visibility.js";

/** Synapse's default page when no limit is given is unbounded; Ward caps every page. */
export const DEFAULT_PUBLIC_ROOMS_LIMIT = 100;
export const MAX_PUBLIC_ROOMS_LIMIT = 500;

export type PublicRoomsQuery = { limit?: number | undefined; since?: string | undefined; server?: string | undefined; searchTerm?: string | undefined };
export type PublicRoomsPage = { chunk: clientTypes.PublishedRoomsChunk[]; next_batch?: string; prev_batch?: string; total_room_count_estimate: number };

export interface DirectoryService {
  /** `userId`: who asks; a room hidden from them resolves like an unknown alias. */
  resolve(alias: string, userId: string): Promise<{ room_id: string; servers: string[] }>;
  createAlias(userId: string, alias: string, roomId: string): Promise<void>;
  /** Also drops the alias from the room's m.room.canonical_alias, when the deleting user may change it. */
  deleteAlias(sender: Sender, alias: string): Promise<void>;
  aliasesOf(userId: string, roomId: string): Promise<string[]>;
  visibilityOf(userId: string, roomId: string): Promise<"public" | "private">;
  setVisibility(userId: string, roomId: string, visibility: "public" | "private"): Promise<void>;
  publicRooms(query: PublicRoomsQuery): Promise<PublicRoomsPage>;
}

function matches(chunk: clientTypes.PublishedRoomsChunk, term: string): boolean {
  const needle = term.toLowerCase();
  return [chunk.name, chunk.topic, chunk.canonical_alias].some((v) => v !== undefined && v.toLowerCase().includes(needle));
}

/** Pagination tokens are offsets into the filtered list, opaque to clients. */
const encodeToken = (offset: number) => `o${offset}`;
function decodeToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  const match = /^o(\d{1,9})$/.exec(token);
  if (!match) throw invalidParam("since: not a pagination token from this server");
  return Number(match[1]);
}

/** The canonical alias content without `alias`; undefined when it did not name it. */
export function withoutAlias(content: JsonObject, alias: string): JsonObject | undefined {
  const alt = Array.isArray(content.alt_aliases) ? content.alt_aliases : undefined;
  if (content.alias !== alias && !alt?.includes(alias)) return undefined;
  const next: JsonObject = { ...content };
  if (next.alias === alias) delete next.alias;
  if (alt) next.alt_aliases = alt.filter((a) => a !== alias);
  return next;
}

export function createDirectoryService(ctx: Pick<ServiceContext, "db" | "config" | "clock" | "logger">, deps: { rooms: Pick<SendService, "putState"> }): DirectoryService {
  const { db } = ctx;
  const serverName = ctx.config.serverName;

  function checkRoomId(roomId: string): void {
    if (!isRoomId(roomId)) throw invalidParam(`${JSON.stringify(roomId)} is not a room ID`);
  }

  /**
   * The state must not keep naming an alias that no longer exists (as
   * Synapse does): a new m.room.canonical_alias without it, sent by the
   * deleting user. A creator without the power to change that state deletes
   * the alias all the same; the stale state then stays, as it would in Synapse.
   */
  async function dropFromCanonicalAlias(sender: Sender, roomId: string, alias: string): Promise<void> {
    const row = await currentStateTable.get(db, roomId, "m.room.canonical_alias", "");
    const event = row ? await eventsTable.get(db, row.eventId) : null;
    const next = event ? withoutAlias(pduOf(db, event).content, alias) : undefined;
    if (!next) return;
    try {
      await deps.rooms.putState(sender, roomId, "m.room.canonical_alias", "", next);
    } catch (err) {
      ctx.logger.info({ roomId, userId: sender.userId, errcode: (err as { errcode?: unknown }).errcode }, "canonical alias not updated after alias deletion");
    }
  }

  return {
    async resolve(value, userId) {
      const alias = checkAlias(value);
      // No federation yet: another server's alias cannot be asked about.
      const row = isLocalAlias(alias, serverName) ? await roomAliasesTable.get(db, alias) : null;
      if (!row || !(await roomKnownTo(db, userId, row.roomId))) throw notFound(`Room alias ${alias} not found`);
      return { room_id: row.roomId, servers: [serverName] };
    },

    async createAlias(userId, value, roomId) {
      const alias = checkNewAlias(value, serverName);
      checkRoomId(roomId);
      await db.transaction(async (tx) => {
        if (!(await isJoined(tx, roomId, userId))) throw await notInRoomError(tx, userId, roomId);
        const inserted = await roomAliasesTable.insert(tx, { alias, roomId, creator: userId, createdTs: ctx.clock() });
        if (!inserted) throw new MatrixError(409, "M_UNKNOWN", `Room alias ${alias} already exists`);
      });
      ctx.logger.info({ alias, roomId, userId }, "room alias created");
    },

    async deleteAlias(sender, value) {
      const { userId } = sender;
      const alias = checkAlias(value);
      const roomId = await db.transaction(async (tx) => {
        const row = isLocalAlias(alias, serverName) ? await roomAliasesTable.get(tx, alias) : null;
        if (!row) throw notFound(`Room alias ${alias} not found`);
        if (row.creator !== userId && !(await canManageAliases(tx, row.roomId, userId))) {
          throw forbidden("Only the alias's creator or a room member allowed to set m.room.canonical_alias may delete it");
        }
        await roomAliasesTable.delete(tx, alias);
        return row.roomId;
      });
      ctx.logger.info({ alias, userId }, "room alias deleted");
      await dropFromCanonicalAlias(sender, roomId, alias);
    },

    async aliasesOf(userId, roomId) {
      checkRoomId(roomId);
      const access = await roomAccessOf(db, userId, roomId);
      // Joined, or a world_readable room (spec); a member who left sees nothing now.
      if (access.at !== null) throw notInRoom();
      return roomAliasesTable.listForRoom(db, roomId);
    },

    async visibilityOf(userId, roomId) {
      checkRoomId(roomId);
      const room = await roomKnownTo(db, userId, roomId);
      if (!room) throw roomNotFound();
      return room.published ? "public" : "private";
    },

    async setVisibility(userId, roomId, visibility) {
      checkRoomId(roomId);
      await db.transaction(async (tx) => {
        const room = await roomKnownTo(tx, userId, roomId);
        if (!room) throw roomNotFound();
        if (room.isDirect && visibility === "public") throw forbidden("A direct conversation is never listed in the room directory");
        if (!(await canManageAliases(tx, roomId, userId))) {
          throw forbidden("Only a room member allowed to set m.room.canonical_alias may change the room's directory listing");
        }
        await roomsTable.setPublished(tx, roomId, visibility === "public");
      });
    },

    async publicRooms(query) {
      if (query.server !== undefined && query.server !== serverName) throw invalidParam(`server: Ward cannot query other servers' directories yet`);
      const offset = decodeToken(query.since);
      const limit = Math.min(query.limit ?? DEFAULT_PUBLIC_ROOMS_LIMIT, MAX_PUBLIC_ROOMS_LIMIT);
      const rows: RoomRow[] = [];
      for (let after: string | undefined; ; ) {
        const batch = await roomsTable.listPublished(db, 500, after);
        rows.push(...batch);
        if (batch.length < 500) break;
        after = batch[batch.length - 1]!.roomId;
      }
      const summaries = await Promise.all(rows.map(async (room) => ({ room, summary: await roomSummaryOf(db, room) })));
      // Public channels only: a private channel is never listed, whatever its flag says.
      let chunks = summaries.filter(({ room, summary }) => listedInDirectory(room, summary)).map(({ summary }) => summary);
      const term = query.searchTerm?.trim();
      if (term) chunks = chunks.filter((c) => matches(c, term));
      // Busiest rooms first, as in Synapse; room ID breaks ties so pages are stable.
      chunks.sort((a, b) => b.num_joined_members - a.num_joined_members || (a.room_id < b.room_id ? -1 : 1));
      const page = chunks.slice(offset, offset + limit);
      return {
        chunk: page,
        total_room_count_estimate: chunks.length,
        ...(offset + limit < chunks.length && { next_batch: encodeToken(offset + limit) }),
        ...(offset > 0 && { prev_batch: encodeToken(Math.max(0, offset - limit)) }),
      };
    },
  };
}
