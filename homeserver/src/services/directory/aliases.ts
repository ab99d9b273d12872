/**
 * Alias rules shared by the directory service and the rooms service
 * (createRoom's room_alias_name, m.room.canonical_alias state): parsing, and
 * who may manage a room's aliases and directory listing.
 */
import {
  aliasServer, isValidNewAliasLocalpart, parseRoomAlias, requiredPowerLevel, roomVersion, stateKeyOf, userPowerLevel, type RoomAlias,
} from "@ward/protocol";
import { invalidParam } from "../../http/matrix-error.js";
import type { SqlExecutor } from "../../store/database.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import { roomAliasesTable } from "../../store/tables/room-aliases.js";
import { roomsTable } from "../../store/tables/rooms.js";
import { loadCurrentState } from "../rooms/stored-events.js";

/** 400 M_INVALID_PARAM for anything that is not a room alias. */
export function checkAlias(value: string, field = "roomAlias"): RoomAlias {
  try {
    return parseRoomAlias(value);
  } catch {
    throw invalidParam(`${field}: ${JSON.stringify(value)} is not a room alias`);
  }
}

export function isLocalAlias(alias: RoomAlias, serverName: string): boolean {
  return aliasServer(alias) === serverName;
}

/** An alias this server may create: ours, and a localpart one can type. */
export function checkNewAlias(value: string, serverName: string, field = "roomAlias"): RoomAlias {
  const alias = checkAlias(value, field);
  if (!isLocalAlias(alias, serverName)) throw invalidParam(`${field}: aliases can only be created on ${serverName}`);
  if (!isValidNewAliasLocalpart(alias.slice(1, alias.indexOf(":")))) throw invalidParam(`${field}: the localpart may not hold whitespace or control characters`);
  return alias;
}

export async function isJoined(q: SqlExecutor, roomId: string, userId: string): Promise<boolean> {
  return (await currentStateTable.get(q, roomId, "m.room.member", userId))?.membership === "join";
}

/**
 * A joined member whose power level lets them send m.room.canonical_alias:
 * Synapse's test for managing a room's aliases and its directory listing.
 */
export async function canManageAliases(q: SqlExecutor, roomId: string, userId: string): Promise<boolean> {
  const room = await roomsTable.get(q, roomId);
  if (!room || !(await isJoined(q, roomId, userId))) return false;
  const version = roomVersion(room.roomVersion);
  const state = await loadCurrentState(q, roomId, version, [["m.room.create", ""], ["m.room.power_levels", ""]], { joinedMembers: false });
  if (!state.has(stateKeyOf("m.room.create", ""))) return false;
  return userPowerLevel(userId, state, version) >= requiredPowerLevel("m.room.canonical_alias", true, state);
}

/** Whether `alias` exists on this server and names `roomId` (m.room.canonical_alias may only name such aliases). */
export async function aliasPointsTo(q: SqlExecutor, alias: string, roomId: string): Promise<boolean> {
  return (await roomAliasesTable.get(q, alias))?.roomId === roomId;
}
