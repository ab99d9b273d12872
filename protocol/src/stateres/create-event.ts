/**
 * Finding an event's `m.room.create` event. Up to room version 11 every event
 * lists it in `auth_events`; from version 12 none does and the room ID names it
 * instead (`!x` is the room created by event `$x`).
 * https://spec.matrix.org/v1.16/rooms/v12/#event-format
 */
import { stateKeyOf, type RoomEvent } from "../events/pdu.js";
import type { RoomVersion } from "../room-versions.js";
import { StateResolutionError } from "./errors.js";
import { requireEvent, type EventSource } from "./event-source.js";

export const CREATE_KEY = stateKeyOf("m.room.create", "");
export const POWER_LEVELS_KEY = stateKeyOf("m.room.power_levels", "");

/** The create event's ID for a room-version-12 room, from its room ID. */
export function createEventIdFromRoomId(roomId: string): string {
  if (!roomId.startsWith("!") || roomId.length < 2) {
    throw new StateResolutionError(`room ID ${JSON.stringify(roomId)} does not name a create event`);
  }
  return `$${roomId.slice(1)}`;
}

/**
 * The create event implied by a room-version-12 event's room ID, or undefined
 * in earlier versions and for the create event itself (which has no room ID).
 */
export function impliedCreateEvent(event: RoomEvent, events: EventSource, version: RoomVersion): RoomEvent | undefined {
  if (!version.roomIdFromCreateEvent || event.room_id === undefined) return undefined;
  const create = requireEvent(events, createEventIdFromRoomId(event.room_id), `the create event of ${event.event_id}`);
  if (create.type !== "m.room.create" || create.state_key !== "") {
    throw new StateResolutionError(`room ID ${event.room_id} of ${event.event_id} names ${create.event_id}, which is not a create event`, create.event_id);
  }
  return create;
}
