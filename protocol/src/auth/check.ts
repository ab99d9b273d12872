/**
 * The authorization rules for room versions 10, 11 and 12
 * (https://spec.matrix.org/v1.16/rooms/v12/#authorisation-rules and the v10,
 * v11 equivalents), except those on the auth_events list itself, which
 * live in `checkAuthEventsList`. Callers run both; state resolution runs
 * this one alone against partially resolved state.
 *
 * Not checked here: that the sender's server signed the event, and whether
 * auth events were themselves rejected; those need keys and storage.
 */
import type { RoomVersion } from "../room-versions.js";
import type { RoomEvent, StateMap } from "../events/pdu.js";
import type { AuthResult } from "./result.js";
import { ALLOWED, refuse } from "./result.js";
import { MEMBER, THIRD_PARTY_INVITE } from "./auth-event-types.js";
import { checkCreateEvent } from "./create.js";
import { checkMembershipEvent, membershipOf } from "./membership.js";
import { checkPowerLevelsEvent } from "./power-levels-event.js";
import { CREATE, POWER_LEVELS, createEventOf, namedPowerLevel, requiredPowerLevel, userPowerLevel } from "./power-levels.js";
import { serverNameOf } from "./user-ids.js";

/** v12: the room ID is the create event's ID with `!` in place of `$`. */
export function roomIdForCreateEventId(createEventId: string): string {
  return `!${createEventId.startsWith("$") ? createEventId.slice(1) : createEventId}`;
}

function checkRoomOfCreate(event: RoomEvent, create: RoomEvent, version: RoomVersion): AuthResult {
  if (version.roomIdFromCreateEvent) {
    const expected = roomIdForCreateEventId(create.event_id);
    if (event.room_id !== expected) {
      return refuse(`room_id ${String(event.room_id)} is not derived from the m.room.create event ${create.event_id} (expected ${expected})`);
    }
  } else if (event.room_id !== create.room_id) {
    // Rule "auth events in the same room" applied to the create event, which every event depends on.
    return refuse(`the m.room.create event belongs to room ${String(create.room_id)}, not ${String(event.room_id)}`);
  }
  return ALLOWED;
}

export function checkEventAuth(event: RoomEvent, authState: StateMap<RoomEvent>, version: RoomVersion): AuthResult {
  if (event.type === CREATE) return checkCreateEvent(event, version);

  const create = createEventOf(authState);
  if (create === undefined) return refuse("the room has no m.room.create event to authorise against");
  const sameRoom = checkRoomOfCreate(event, create, version);
  if (!sameRoom.allowed) return sameRoom;

  if (create.content["m.federate"] === false && serverNameOf(event.sender) !== serverNameOf(create.sender)) {
    return refuse(`the room does not federate (m.federate is false) and ${event.sender} is not on the creator's server`);
  }

  if (event.type === MEMBER) return checkMembershipEvent(event, authState, version);

  if (membershipOf(event.sender, authState) !== "join") return refuse(`${event.sender} is not joined to the room`);

  const senderLevel = userPowerLevel(event.sender, authState, version);
  if (event.type === THIRD_PARTY_INVITE) {
    if (senderLevel >= namedPowerLevel("invite", authState)) return ALLOWED;
    return refuse(`${event.sender} lacks the power level to invite, needed for m.room.third_party_invite`);
  }

  const stateKey = event.state_key;
  const required = requiredPowerLevel(event.type, typeof stateKey === "string", authState);
  if (required > senderLevel) return refuse(`${event.type} needs power level ${required}; ${event.sender} has ${senderLevel}`);

  if (typeof stateKey === "string" && stateKey.startsWith("@") && stateKey !== event.sender) {
    return refuse(`state_key ${stateKey} starts with @ and only ${stateKey} may set it`);
  }

  if (event.type === POWER_LEVELS) return checkPowerLevelsEvent(event, authState, version);
  return ALLOWED;
}
