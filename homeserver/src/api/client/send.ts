/**
 * Sending events and redacting them.
 *   PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}
 *   PUT /_matrix/client/v3/rooms/{roomId}/redact/{eventId}/{txnId}
 *
 * Both are idempotent per device and transaction ID: a retransmission
 * answers with the first request's event ID, also after a restart.
 */
import { clientMessages, isEventId } from "@ward/protocol";
import { invalidParam } from "../../http/matrix-error.js";
import { route, type ServiceArea } from "../../http/route.js";
import { checkRoomId } from "./membership.js";

export const sendApi: ServiceArea = ({ services }) => [
  route(clientMessages.send, async (req) => {
    const { roomId, eventType, txnId } = req.params;
    return { event_id: await services.rooms.send(req.session, checkRoomId(roomId), eventType, txnId, req.body) };
  }),
  route(clientMessages.redact, async (req) => {
    const { roomId, eventId, txnId } = req.params;
    if (!isEventId(eventId)) throw invalidParam(`${JSON.stringify(eventId)} is not an event ID`);
    return { event_id: await services.rooms.redact(req.session, checkRoomId(roomId), eventId, txnId, req.body.reason) };
  }),
];
