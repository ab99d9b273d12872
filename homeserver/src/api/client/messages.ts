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
import { checkRoomId } from "./membership.js";

export const messagesApi: ServiceArea = ({ services }) => [
  route(clientMessages.messages, async (req) =>
    services.sync.messages(req.session, checkRoomId(req.params.roomId), {
      dir: req.query.dir,
      from: req.query.from,
      to: req.query.to,
      limit: req.query.limit,
      filter: req.query.filter,
    }),
  ),
  route(clientMessages.context, async (req) => {
    const roomId = checkRoomId(req.params.roomId);
    if (!isEventId(req.params.eventId)) throw notFound("Event not found");
    return services.sync.context(req.session, roomId, req.params.eventId, { limit: req.query.limit, filter: req.query.filter });
  }),
];
