/**
 * How much of a room a user may read through the room endpoints (/state,
 * /members, /joined_members, /event):
 *
 *   joined                          the room as it is now
 *   left or banned                  the room as it was when they left
 *   invited, knocking               nothing (403), unless the room is
 *                                   world_readable: then as it is now
 *   never there                     the same, but 403 only for a public
 *                                   channel; any other room is hidden
 *                                   from them: 404, as an unknown room
 *   forgot the room                 nothing (403: they know it exists)
 *
 * A room that does not exist answers exactly like a hidden one
 * (messenger/visibility.ts), so room IDs cannot be probed.
 */
import { notInRoom } from "../../http/matrix-error.js";
import type { SqlExecutor } from "../../store/database.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import { eventsTable } from "../../store/tables/events.js";
import { forgottenTable } from "../../store/tables/forgotten.js";
import { notInRoomError } from "../messenger/visibility.js";
import { pduOf } from "./stored-events.js";
import { historyVisibilityOf } from "./visibility.js";

/** `at`: the stream position the user's view of the room stops at; null for "now". */
export type RoomAccess = { readonly membership: string | null; readonly at: number | null };

async function isWorldReadable(q: SqlExecutor, roomId: string): Promise<boolean> {
  const row = await currentStateTable.get(q, roomId, "m.room.history_visibility", "");
  if (!row) return false;
  const event = await eventsTable.get(q, row.eventId);
  return event !== null && historyVisibilityOf(pduOf(q, event).content) === "world_readable";
}

export async function roomAccessOf(q: SqlExecutor, userId: string, roomId: string): Promise<RoomAccess> {
  const member = await currentStateTable.get(q, roomId, "m.room.member", userId);
  const membership = member?.membership ?? null;
  if (membership !== null && (await forgottenTable.isForgotten(q, userId, roomId))) throw notInRoom();
  if (membership === "join") return { membership, at: null };
  if (member && (membership === "leave" || membership === "ban")) return { membership, at: member.streamPos };
  // A world_readable room is readable by anyone, even a private one: its members published it.
  if (await isWorldReadable(q, roomId)) return { membership, at: null };
  throw await notInRoomError(q, userId, roomId);
}
