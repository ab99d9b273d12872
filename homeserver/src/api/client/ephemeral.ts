/**
 * Receipts, read markers, typing and presence.
 *   POST /_matrix/client/v3/rooms/{roomId}/receipt/{receiptType}/{eventId}
 *   POST /_matrix/client/v3/rooms/{roomId}/read_markers
 *   PUT  /_matrix/client/v3/rooms/{roomId}/typing/{userId}
 *   GET  /_matrix/client/v3/presence/{userId}/status
 *   PUT  /_matrix/client/v3/presence/{userId}/status
 */
import { clientEphemeral } from "@ward/protocol";
import { route, type ServiceArea } from "../../http/route.js";
import { checkRoomId } from "./membership.js";

export const ephemeralApi: ServiceArea = ({ services }) => [
  route(clientEphemeral.sendReceipt, async (req) => {
    const { roomId, receiptType, eventId } = req.params;
    await services.receipts.sendReceipt(req.session.userId, checkRoomId(roomId), receiptType, eventId, req.body.thread_id);
    return {};
  }),
  route(clientEphemeral.setReadMarkers, async (req) => {
    await services.receipts.setReadMarkers(req.session.userId, checkRoomId(req.params.roomId), {
      fullyRead: req.body["m.fully_read"], read: req.body["m.read"], readPrivate: req.body["m.read.private"],
    });
    return {};
  }),
  route(clientEphemeral.setTyping, async (req) => {
    await services.typing.setTyping(req.session.userId, req.params.userId, checkRoomId(req.params.roomId), req.body.typing, req.body.timeout);
    return {};
  }),
  route(clientEphemeral.getPresence, async (req) => services.presence.get(req.session.userId, req.params.userId)),
  route(clientEphemeral.setPresence, async (req) => {
    await services.presence.set(req.session.userId, req.params.userId, req.body.presence, req.body.status_msg);
    return {};
  }),
];
