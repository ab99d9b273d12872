/**
 * Room state, whole or one event at a time.
 *   GET /_matrix/client/v3/rooms/{roomId}/state
 *   GET /_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}   (?format=event for the whole event)
 *   PUT /_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}
 *
 * An empty state key may be written with or without the trailing slash.
 */
import { clientRooms } from "@ward/protocol";
import { notFound } from "../../http/matrix-error.js";
import { route, type ServiceArea } from "../../http/route.js";
import { roomRead } from "../../services/audit/reads.js";
import { checkRoomId } from "./membership.js";

export const stateApi: ServiceArea = ({ services }) => [
  route(clientRooms.state, async (req) => {
    const roomId = checkRoomId(req.params.roomId);
    const state = await services.rooms.state(req.session.userId, roomId);
    // Audit: room reads are recorded before the response leaves.
    await services.audit.record(roomRead(roomId));
    return state;
  }),
  route(clientRooms.getStateEvent, async (req) => {
    const { roomId, eventType, stateKey } = req.params;
    const event = await services.rooms.stateEvent(req.session.userId, checkRoomId(roomId), eventType, stateKey);
    if (!event) throw notFound(`The room has no ${eventType} state with that state key`);
    await services.audit.record(roomRead(roomId, event.event_id));
    return req.query.format === "event" ? event : event.content;
  }),
  route(clientRooms.putStateEvent, async (req) => {
    const { roomId, eventType, stateKey } = req.params;
    return { event_id: await services.rooms.putState(req.session, checkRoomId(roomId), eventType, stateKey, req.body) };
  }),
];
