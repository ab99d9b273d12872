/**
 * Rule 1, `m.room.create`. The create event has no state to be checked
 * against; it stands or falls on its own shape. v10 still needs
 * `content.creator`; v12 has no `room_id` (the room ID is derived from the
 * create event's ID) and validates `additional_creators`.
 */
import type { RoomVersion } from "../room-versions.js";
import { isSupportedRoomVersion } from "../room-versions.js";
import type { RoomEvent } from "../events/pdu.js";
import type { AuthResult } from "./result.js";
import { ALLOWED, refuse } from "./result.js";
import { hasOwn } from "./content.js";
import { isValidUserId, serverNameOf } from "./user-ids.js";

export function checkCreateEvent(event: RoomEvent, version: RoomVersion): AuthResult {
  if (event.prev_events.length > 0) return refuse("m.room.create must not have prev_events");

  if (version.roomIdFromCreateEvent) {
    if (event.room_id !== undefined) {
      return refuse(`m.room.create must not have a room_id in room version ${version.id}; the room ID is derived from its event ID`);
    }
  } else {
    const roomServer = typeof event.room_id === "string" ? serverNameOf(event.room_id) : undefined;
    if (roomServer === undefined || roomServer !== serverNameOf(event.sender)) {
      return refuse("the domain of the m.room.create room_id does not match the domain of its sender");
    }
  }

  // "Recognised" here means a version Ward can run: it cannot apply rules it does not know.
  if (hasOwn(event.content, "room_version") && !isSupportedRoomVersion(event.content["room_version"])) {
    return refuse(`m.room.create names room version ${JSON.stringify(event.content["room_version"])}, which Ward does not recognise`);
  }

  if (version.createHasCreatorField && !hasOwn(event.content, "creator")) {
    return refuse(`m.room.create has no content.creator, required in room version ${version.id}`);
  }

  if (version.privilegedCreators && hasOwn(event.content, "additional_creators")) {
    const extra = event.content["additional_creators"];
    if (!Array.isArray(extra)) return refuse("m.room.create content.additional_creators must be an array of user IDs");
    for (const id of extra) {
      if (!isValidUserId(id)) return refuse(`m.room.create content.additional_creators has an invalid user ID: ${JSON.stringify(id)}`);
    }
  }
  return ALLOWED;
}
