/**
 * Who may know that a room exists: its members, past members, invitees,
 * knockers and banned users and, for a public channel, everyone. To anyone
 * else a private channel or a direct conversation answers exactly like a
 * room that does not exist: 404 "Room not found" (http/matrix-error.ts
 * roomNotFound). Every endpoint that refuses someone not in a room asks
 * here which refusal to give (notInRoomError); events go through the event
 * writer and rules.ts, which judge the same from the loaded state.
 *
 * The public room directory lists only public channels: published, join
 * rule `public`, not a direct conversation. A private channel is never
 * listed, even when published before its join rule changed.
 */
import type { clientTypes } from "@ward/protocol";
import { notInRoom, roomNotFound, type MatrixError } from "../../http/matrix-error.js";
import type { SqlExecutor } from "../../store/database.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import { eventsTable } from "../../store/tables/events.js";
import { roomsTable, type RoomRow } from "../../store/tables/rooms.js";
import { pduOf } from "../rooms/stored-events.js";

async function joinRuleOf(q: SqlExecutor, roomId: string): Promise<string | undefined> {
  const row = await currentStateTable.get(q, roomId, "m.room.join_rules", "");
  const event = row ? await eventsTable.get(q, row.eventId) : null;
  const rule = event ? pduOf(q, event).content.join_rule : undefined;
  return typeof rule === "string" ? rule : undefined;
}

/** The room, when `userId` may know it exists; null for an unknown room and for one hidden from the user. */
export async function roomKnownTo(q: SqlExecutor, userId: string, roomId: string): Promise<RoomRow | null> {
  const room = await roomsTable.get(q, roomId);
  if (!room) return null;
  if (await currentStateTable.get(q, roomId, "m.room.member", userId)) return room;
  return !room.isDirect && (await joinRuleOf(q, roomId)) === "public" ? room : null;
}

/** The refusal for a user not in the room: 403 when they may know it exists, else the unknown room's 404. */
export async function notInRoomError(q: SqlExecutor, userId: string, roomId: string): Promise<MatrixError> {
  return (await roomKnownTo(q, userId, roomId)) ? notInRoom() : roomNotFound();
}

/** Whether a published room's summary belongs in the public room directory. */
export function listedInDirectory(room: RoomRow, summary: clientTypes.PublishedRoomsChunk): boolean {
  return room.published && !room.isDirect && summary.join_rule === "public";
}
