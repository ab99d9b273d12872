/**
 * The public summary of a room (name, topic, alias, member count, ...), as
 * the room directory (/publicRooms) and the space hierarchy both show it.
 */
import { roomVersion, stateKeyOf, type clientTypes, type RoomEvent, type StateMap } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import type { RoomRow } from "../../store/tables/rooms.js";
import { loadCurrentState } from "./stored-events.js";

const SUMMARY_STATE: Array<[string, string]> = [
  ["m.room.create", ""], ["m.room.name", ""], ["m.room.topic", ""], ["m.room.canonical_alias", ""], ["m.room.join_rules", ""],
  ["m.room.history_visibility", ""], ["m.room.guest_access", ""], ["m.room.avatar", ""],
];

function contentString(state: StateMap<RoomEvent>, type: string, key: string): string | undefined {
  const value = state.get(stateKeyOf(type, ""))?.content[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export async function roomSummaryOf(q: SqlExecutor, room: RoomRow): Promise<clientTypes.PublishedRoomsChunk> {
  const state = await loadCurrentState(q, room.roomId, roomVersion(room.roomVersion), SUMMARY_STATE, { joinedMembers: false });
  const optional = {
    name: contentString(state, "m.room.name", "name"),
    topic: contentString(state, "m.room.topic", "topic"),
    canonical_alias: contentString(state, "m.room.canonical_alias", "alias"),
    avatar_url: contentString(state, "m.room.avatar", "url"),
    join_rule: contentString(state, "m.room.join_rules", "join_rule"),
    room_type: contentString(state, "m.room.create", "type"),
  };
  return {
    room_id: room.roomId,
    num_joined_members: (await currentStateTable.joinedMembers(q, room.roomId)).length,
    world_readable: contentString(state, "m.room.history_visibility", "history_visibility") === "world_readable",
    guest_can_join: contentString(state, "m.room.guest_access", "guest_access") === "can_join",
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}
