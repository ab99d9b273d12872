/**
 * Joining, leaving and moderating room membership.
 *   POST /_matrix/client/v3/join/{roomIdOrAlias}
 *   POST /_matrix/client/v3/rooms/{roomId}/join
 *   POST /_matrix/client/v3/rooms/{roomId}/invite
 *   POST /_matrix/client/v3/rooms/{roomId}/leave
 *   POST /_matrix/client/v3/rooms/{roomId}/forget
 *   POST /_matrix/client/v3/rooms/{roomId}/kick
 *   POST /_matrix/client/v3/rooms/{roomId}/ban
 *   POST /_matrix/client/v3/rooms/{roomId}/unban
 *   GET  /_matrix/client/v3/joined_rooms
 *
 * /join/#alias resolves this server's aliases through the directory service.
 */
import { clientMembership, isRoomAlias, isRoomId } from "@ward/protocol";
import { invalidParam } from "../../http/matrix-error.js";
import { route, type ServiceArea } from "../../http/route.js";

/** Path room IDs are checked before any lookup, so garbage gets 400, not a confusing 404 "Room not found". */
export function checkRoomId(roomId: string): string {
  if (!isRoomId(roomId)) throw invalidParam(`${JSON.stringify(roomId)} is not a room ID`);
  return roomId;
}

export const membershipApi: ServiceArea = ({ services }) => {
  const rooms = services.rooms;
  return [
    route(clientMembership.joinByIdOrAlias, async (req) => {
      const target = req.params.roomIdOrAlias;
      // Only this server's aliases resolve (no federation yet); an unknown one is 404.
      const roomId = isRoomAlias(target) ? (await services.directory.resolve(target, req.session.userId)).room_id : checkRoomId(target);
      return { room_id: await rooms.join(req.session.userId, roomId, req.body.reason) };
    }),
    route(clientMembership.join, async (req) => ({
      room_id: await rooms.join(req.session.userId, checkRoomId(req.params.roomId), req.body.reason),
    })),
    route(clientMembership.invite, async (req) => {
      await rooms.invite(req.session.userId, checkRoomId(req.params.roomId), req.body.user_id, req.body.reason);
      return {};
    }),
    route(clientMembership.leave, async (req) => {
      await rooms.leave(req.session.userId, checkRoomId(req.params.roomId), req.body.reason);
      return {};
    }),
    route(clientMembership.forget, async (req) => {
      await rooms.forget(req.session.userId, checkRoomId(req.params.roomId));
      return {};
    }),
    route(clientMembership.kick, async (req) => {
      await rooms.kick(req.session.userId, checkRoomId(req.params.roomId), req.body.user_id, req.body.reason);
      return {};
    }),
    route(clientMembership.ban, async (req) => {
      await rooms.ban(req.session.userId, checkRoomId(req.params.roomId), req.body.user_id, req.body.reason);
      return {};
    }),
    route(clientMembership.unban, async (req) => {
      await rooms.unban(req.session.userId, checkRoomId(req.params.roomId), req.body.user_id, req.body.reason);
      return {};
    }),
    route(clientMembership.joinedRooms, async (req) => ({ joined_rooms: await rooms.joinedRooms(req.session.userId) })),
  ];
};
