/**
 * Creating rooms.
 *   POST /_matrix/client/v3/createRoom
 */
import { clientRooms } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";

export const roomsApi: ServiceArea = ({ services }) => [
  route(clientRooms.createRoom, async (req) => ({ room_id: await services.rooms.createRoom(req.session.userId, req.body) })),
];
