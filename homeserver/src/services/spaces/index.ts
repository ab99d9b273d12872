/**
 * The space hierarchy, reduced: Ward answers with the requested room's own
 * summary only (no `m.space.child` walk, no pagination). Only users who may
 * see the room (roomAccessOf: members, former members, world-readable
 * rooms) get an answer; others get roomAccessOf's refusal: 403 for a room
 * they may know exists, else the unknown room's 404.
 */
import { isRoomId, type clientSpaces } from "@ward/protocol";
import { invalidParam, roomNotFound } from "../../http/matrix-error.js";
import { roomsTable } from "../../store/tables/rooms.js";
import type { ServiceContext } from "../context.js";
import { roomAccessOf } from "../rooms/access.js";
import { roomSummaryOf } from "../rooms/summary.js";

export interface SpacesService {
  hierarchy(userId: string, roomId: string): Promise<clientSpaces.HierarchyResponse>;
}

export function createSpacesService(context: Pick<ServiceContext, "db">): SpacesService {
  const { db } = context;
  return {
    async hierarchy(userId, roomId) {
      if (!isRoomId(roomId)) throw invalidParam("roomId is not a room ID");
      await roomAccessOf(db, userId, roomId);
      const room = await roomsTable.get(db, roomId);
      if (!room) throw roomNotFound();
      return {
        rooms: [{ ...(await roomSummaryOf(db, room)), children_state: [] }],
      };
    },
  };
}
