/**
 * POST /_ward/client/v1/direct: open a direct conversation with these people.
 *
 *   - a one-to-one the two already have is answered (`created: false`),
 *     even after the other person's account was deactivated (its history is
 *     still there to read); two opens at the same moment get the same room
 *     (one-to-one.ts);
 *   - otherwise a new conversation: POST /createRoom with is_direct, the
 *     trusted_private_chat preset (everyone in it equal) and everyone invited,
 *     so every check of room creation applies (the staff directory's too);
 *     a group's `name` is kept, a one-to-one's ignored.
 *
 * `user_ids` are the others: 400 M_INVALID_PARAM for a malformed ID, oneself,
 * or someone listed twice; 404 M_NOT_FOUND for someone who is not an active
 * user of this server (unknown, or deactivated) when a new room is needed.
 */
import type { wardMessenger } from "@ward/protocol";
import { invalidParam, notFound } from "../../http/matrix-error.js";
import type { SqlExecutor } from "../../store/database.js";
import { usersTable } from "../../store/tables/users.js";
import type { RoomsService } from "../rooms/index.js";
import { checkUserId } from "../rooms/users.js";
import { ExistingOneToOne, findOneToOne, guardOneToOne } from "./one-to-one.js";

export type OpenDirectResponse = wardMessenger.OpenDirectResponse;

function checkOthers(userId: string, userIds: readonly string[]): string[] {
  const others: string[] = [];
  for (const [i, value] of userIds.entries()) {
    const id = checkUserId(value, `user_ids[${i}]`);
    if (id === userId) throw invalidParam("user_ids: list the other people only; you are in every conversation you open");
    if (others.includes(id)) throw invalidParam(`user_ids: ${id} is listed twice`);
    others.push(id);
  }
  return others;
}

async function checkActive(q: SqlExecutor, userIds: readonly string[]): Promise<void> {
  for (const id of userIds) {
    const user = await usersTable.get(q, id);
    if (!user || user.deactivated) throw notFound(`${id} is not an active user of this server`);
  }
}

export function createOpenDirect(db: SqlExecutor, rooms: Pick<RoomsService, "createRoom">) {
  return async function openDirect(userId: string, userIds: readonly string[], name: string | undefined): Promise<OpenDirectResponse> {
    const others = checkOthers(userId, userIds);
    const peer = others.length === 1 ? others[0] : undefined;
    if (peer !== undefined) {
      const existing = await findOneToOne(db, userId, peer);
      if (existing !== null) return { room_id: existing, created: false };
    }
    await checkActive(db, others);
    const body = { preset: "trusted_private_chat" as const, is_direct: true, invite: others, ...(peer === undefined && name !== undefined && { name }) };
    try {
      const roomId = await rooms.createRoom(userId, body, {
        inTransaction: peer === undefined ? undefined : (tx, roomId) => guardOneToOne(tx, roomId, userId, peer),
      });
      return { room_id: roomId, created: true };
    } catch (err) {
      // Another open of the same pair committed first: its room is the one.
      if (err instanceof ExistingOneToOne) return { room_id: err.roomId, created: false };
      throw err;
    }
  };
}
