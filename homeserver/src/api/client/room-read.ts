/**
 * Reading a room's members and single events.
 *   GET /_matrix/client/v3/rooms/{roomId}/members   (?at, ?membership, ?not_membership)
 *   GET /_matrix/client/v3/rooms/{roomId}/joined_members
 *   GET /_matrix/client/v3/rooms/{roomId}/event/{eventId}
 */
import { clientRooms, isEventId } from "@ward/protocol";
import { notFound } from "../../http/matrix-error.js";
import { route, type ServiceArea } from "../../http/route.js";
import { parseStreamToken } from "../../services/sync/tokens.js";
import { checkRoomId } from "./membership.js";

export const roomReadApi: ServiceArea = ({ services }) => [
  route(clientRooms.members, async (req) => {
    const { at, membership, not_membership } = req.query;
    const chunk = await services.rooms.members(req.session.userId, checkRoomId(req.params.roomId), {
      at: at === undefined ? undefined : parseStreamToken(at, "at"),
      membership,
      notMembership: not_membership,
    });
    return { chunk };
  }),
  route(clientRooms.joinedMembers, async (req) => ({
    joined: await services.rooms.joinedMembers(req.session.userId, checkRoomId(req.params.roomId)),
  })),
  route(clientRooms.getEvent, async (req) => {
    const { roomId, eventId } = req.params;
    checkRoomId(roomId);
    if (!isEventId(eventId)) throw notFound("Event not found");
    return services.rooms.event(req.session.userId, roomId, eventId);
  }),
];
