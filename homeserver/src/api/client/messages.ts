/**
 * Reading a room's history.
 *   GET /_matrix/client/v3/rooms/{roomId}/messages
 *   GET /_matrix/client/v3/rooms/{roomId}/context/{eventId}
 *
 * Tokens are the ones /sync hands out (`s<position>`, see spec/client-server/sync.md).
 */
import { clientMessages, isEventId } from "@ward/protocol";
import { notFound } from "../../http/matrix-error.js";
import { route, type ServiceArea } from "../../http/route.js";
import { contextRead, messagesRead } from "../../services/audit/reads.js";
import { checkRoomId } from "./membership.js";

export const messagesApi: ServiceArea = ({ services }) => [
  route(clientMessages.messages, async (req) => {
    const roomId = checkRoomId(req.params.roomId);
    const response = await services.sync.messages(req.session, roomId, {
      dir: req.query.dir,
      from: req.query.from,
      to: req.query.to,
      limit: req.query.limit,
      filter: req.query.filter,
    });
    // Audit: recorded before the response leaves.
    await services.audit.record(messagesRead(roomId, response));
    return response;
  }),
  route(clientMessages.context, async (req) => {
    const roomId = checkRoomId(req.params.roomId);
    if (!isEventId(req.params.eventId)) throw notFound("Event not found");
    const response = await services.sync.context(req.session, roomId, req.params.eventId, { limit: req.query.limit, filter: req.query.filter });
    await services.audit.record(contextRead(roomId, req.params.eventId, response));
    return response;
  }),
];
