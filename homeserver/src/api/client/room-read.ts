/**
 * Reading a room's members and single events.
 *   GET /_matrix/client/v3/rooms/{roomId}/members   (?at, ?membership, ?not_membership)
 *   GET /_matrix/client/v3/rooms/{roomId}/joined_members
 *   GET /_matrix/client/v3/rooms/{roomId}/event/{eventId}
 */
import { clientRooms, isEventId } from "@ward/protocol";
import { notFound } from "../../http/matrix-error.js";
import { route, type ServiceArea } from "../../http/route.js";
import { roomRead } from "../../services/audit/reads.js";
import { parseStreamToken } from "../../services/sync/tokens.js";
import { checkRoomId } from "./membership.js";

export const roomReadApi: ServiceArea = ({ services }) => [
  route(clientRooms.members, async (req) => {
    const { at, membership, not_membership } = req.query;
    const roomId = checkRoomId(req.params.roomId);
    const chunk = await services.rooms.members(req.session.userId, roomId, {
      at: at === undefined ? undefined : parseStreamToken(at, "at"),
      membership,
      notMembership: not_membership,
    });
    // Audit: every room read is recorded before the response leaves.
    await services.audit.record(roomRead(roomId));
    return { chunk };
  }),
  route(clientRooms.joinedMembers, async (req) => {
    const roomId = checkRoomId(req.params.roomId);
    const joined = await services.rooms.joinedMembers(req.session.userId, roomId);
    await services.audit.record(roomRead(roomId));
    return { joined };
  }),
  route(clientRooms.getEvent, async (req) => {
    const { roomId, eventId } = req.params;
    checkRoomId(roomId);
    if (!isEventId(eventId)) throw notFound("Event not found");
    const event = await services.rooms.event(req.session.userId, roomId, eventId);
    await services.audit.record(roomRead(roomId, eventId));
    return event;
  }),
];
