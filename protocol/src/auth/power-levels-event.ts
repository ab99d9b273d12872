/**
 * The `m.room.power_levels` rules (rule 9 in v10/v11, rule 10 in v12): the
 * new content must be well formed (integers only since v10, valid user IDs,
 * no creators in `users` in v12), and a sender may only change levels that
 * are, before and after, within their own power.
 */
import type { JsonObject } from "../json.js";
import { isJsonObject } from "../json.js";
import type { RoomVersion } from "../room-versions.js";
import type { RoomEvent, StateMap } from "../events/pdu.js";
import type { AuthResult } from "./result.js";
import { ALLOWED, refuse } from "./result.js";
import { hasOwn, isJsonInteger, objectField, ownValue } from "./content.js";
import type { NamedPowerLevel } from "./power-levels.js";
import { creatorsOf, powerLevelsContentOf, userPowerLevel } from "./power-levels.js";
import { isValidUserId } from "./user-ids.js";

const NAMED: readonly NamedPowerLevel[] = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"];
const MAPS = ["events", "notifications"] as const;

/** Rules 10.1 and 10.2 (v10+): the named levels, `events` and `notifications` hold integers only. */
function checkIntegerLevels(content: JsonObject): AuthResult {
  for (const name of NAMED) {
    if (hasOwn(content, name) && !isJsonInteger(content[name])) return refuse(`power levels: ${name} must be an integer`);
  }
  for (const name of MAPS) {
    if (!hasOwn(content, name)) continue;
    const map = content[name];
    if (!isJsonObject(map)) return refuse(`power levels: ${name} must be an object`);
    for (const [key, value] of Object.entries(map)) {
      if (!isJsonInteger(value)) return refuse(`power levels: ${name}[${JSON.stringify(key)}] must be an integer`);
    }
  }
  return ALLOWED;
}

function checkShape(content: JsonObject, authState: StateMap<RoomEvent>, version: RoomVersion): AuthResult {
  // Every version Ward supports has this switch on; it marks where older versions would differ.
  if (version.strictIntegerPowerLevels) {
    const typed = checkIntegerLevels(content);
    if (!typed.allowed) return typed;
  }
  if (hasOwn(content, "users")) {
    const users = content["users"];
    if (!isJsonObject(users)) return refuse("power levels: users must be an object");
    const creators = version.privilegedCreators ? creatorsOf(authState, version) : new Set<string>();
    for (const [userId, value] of Object.entries(users)) {
      if (!isValidUserId(userId)) return refuse(`power levels: users has an invalid user ID ${JSON.stringify(userId)}`);
      if (!isJsonInteger(value)) return refuse(`power levels: users[${JSON.stringify(userId)}] must be an integer`);
      if (creators.has(userId)) {
        return refuse(`power levels: users must not list the room creator ${userId}; creators have unlimited power in room version ${version.id}`);
      }
    }
  }
  return ALLOWED;
}

/** An integer level from old or new content, or undefined when absent. */
function levelIn(map: JsonObject | undefined, key: string): number | undefined {
  const value = ownValue(map, key);
  return isJsonInteger(value) ? value : undefined;
}

function keysOf(...maps: (JsonObject | undefined)[]): Set<string> {
  const keys = new Set<string>();
  for (const map of maps) if (map !== undefined) for (const key of Object.keys(map)) keys.add(key);
  return keys;
}

export function checkPowerLevelsEvent(event: RoomEvent, authState: StateMap<RoomEvent>, version: RoomVersion): AuthResult {
  const next = event.content;
  const shape = checkShape(next, authState, version);
  if (!shape.allowed) return shape;

  const previous = powerLevelsContentOf(authState);
  if (previous === undefined) return ALLOWED;
  const mine = userPowerLevel(event.sender, authState, version);

  for (const name of NAMED) {
    const before = levelIn(previous, name);
    const after = levelIn(next, name);
    if (before === after) continue;
    if (before !== undefined && before > mine) return refuse(`power levels: cannot change ${name} from ${before}, above your level ${mine}`);
    if (after !== undefined && after > mine) return refuse(`power levels: cannot set ${name} to ${after}, above your level ${mine}`);
  }

  for (const name of MAPS) {
    const oldMap = objectField(previous, name);
    const newMap = objectField(next, name);
    for (const key of keysOf(oldMap, newMap)) {
      const before = levelIn(oldMap, key);
      const after = levelIn(newMap, key);
      if (before === after) continue;
      if (before !== undefined && before > mine) return refuse(`power levels: cannot change ${name}[${JSON.stringify(key)}] from ${before}, above your level ${mine}`);
      if (after !== undefined && after > mine) return refuse(`power levels: cannot set ${name}[${JSON.stringify(key)}] to ${after}, above your level ${mine}`);
    }
  }

  const oldUsers = objectField(previous, "users");
  const newUsers = objectField(next, "users");
  for (const userId of keysOf(oldUsers, newUsers)) {
    const before = levelIn(oldUsers, userId);
    const after = levelIn(newUsers, userId);
    if (before === after) continue;
    // Demoting yourself is always allowed; touching a peer or superior is not.
    if (userId !== event.sender && before !== undefined && before >= mine) {
      return refuse(`power levels: cannot change the level of ${userId} (${before}), which is not below yours (${mine})`);
    }
    if (after !== undefined && after > mine) return refuse(`power levels: cannot give ${userId} level ${after}, above your level ${mine}`);
  }
  return ALLOWED;
}
