/**
 * Reading power levels out of room state, with the defaults the spec gives
 * (client-server API, `m.room.power_levels`) and the room-creator rules that
 * changed in v11 (creator is the create event's sender) and v12 (creators
 * have infinite power and never appear in `users`).
 */
import type { JsonObject } from "../json.js";
import type { RoomVersion } from "../room-versions.js";
import type { RoomEvent, StateMap } from "../events/pdu.js";
import { stateKeyOf } from "../events/pdu.js";
import { isJsonInteger, objectField, ownValue, stringField } from "./content.js";

export const CREATE = "m.room.create";
export const POWER_LEVELS = "m.room.power_levels";

/** The levels named at the top of `m.room.power_levels` content that the auth rules read. */
export type NamedPowerLevel = "ban" | "kick" | "redact" | "invite" | "users_default" | "events_default" | "state_default";

/** Defaults when the power levels event exists but omits the key. */
const NAMED_DEFAULTS: Readonly<Record<NamedPowerLevel, number>> = {
  ban: 50,
  kick: 50,
  redact: 50,
  invite: 0,
  users_default: 0,
  events_default: 0,
  state_default: 50,
};

export function createEventOf(authState: StateMap<RoomEvent>): RoomEvent | undefined {
  return authState.get(stateKeyOf(CREATE, ""));
}

export function powerLevelsContentOf(authState: StateMap<RoomEvent>): JsonObject | undefined {
  return authState.get(stateKeyOf(POWER_LEVELS, ""))?.content;
}

/**
 * The room's creators: in v12 the create event's sender plus every string in
 * `additional_creators`; in v11 the sender; in v10 `content.creator`. Empty
 * when the state has no create event.
 */
export function creatorsOf(authState: StateMap<RoomEvent>, version: RoomVersion): Set<string> {
  const create = createEventOf(authState);
  const creators = new Set<string>();
  if (create === undefined) return creators;
  if (version.createHasCreatorField) {
    const creator = stringField(create.content, "creator");
    if (creator !== undefined) creators.add(creator);
    return creators;
  }
  creators.add(create.sender);
  if (version.privilegedCreators) {
    const extra = create.content["additional_creators"];
    if (Array.isArray(extra)) for (const id of extra) if (typeof id === "string") creators.add(id);
  }
  return creators;
}

/** A top-level level such as `ban` or `invite`, defaulted as the spec says when absent. */
export function namedPowerLevel(name: NamedPowerLevel, authState: StateMap<RoomEvent>): number {
  const content = powerLevelsContentOf(authState);
  // With no power levels event at all, state events need only level 0.
  if (content === undefined) return name === "state_default" ? 0 : NAMED_DEFAULTS[name];
  const value = ownValue(content, name);
  return isJsonInteger(value) ? value : NAMED_DEFAULTS[name];
}

/** The sender's level: Infinity for v12 creators, else `users`, `users_default`, or the no-power-levels fallback. */
export function userPowerLevel(userId: string, authState: StateMap<RoomEvent>, version: RoomVersion): number {
  const creators = creatorsOf(authState, version);
  if (version.privilegedCreators && creators.has(userId)) return Infinity;
  const content = powerLevelsContentOf(authState);
  if (content === undefined) {
    // Before v12, a room without power levels gives its creator 100.
    return !version.privilegedCreators && creators.has(userId) ? 100 : 0;
  }
  const level = ownValue(objectField(content, "users"), userId);
  return isJsonInteger(level) ? level : namedPowerLevel("users_default", authState);
}

/** The "required power level" to send an event of this type: `events[type]`, else the state or events default. */
export function requiredPowerLevel(eventType: string, isState: boolean, authState: StateMap<RoomEvent>): number {
  const content = powerLevelsContentOf(authState);
  const level = ownValue(content === undefined ? undefined : objectField(content, "events"), eventType);
  if (isJsonInteger(level)) return level;
  return namedPowerLevel(isState ? "state_default" : "events_default", authState);
}
