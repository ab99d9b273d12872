/**
 * Reading a room: its state, one state event, its members, one event. Every
 * read starts with roomAccessOf (access.ts): what the user may see, and as
 * of when.
 */
import { roomVersion, type ClientEvent, type RoomVersion } from "@ward/protocol";
import { forbidden, notFound, roomNotFound } from "../../http/matrix-error.js";
import type { SqlExecutor } from "../../store/database.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import { eventsTable, type EventRow } from "../../store/tables/events.js";
import { roomsTable } from "../../store/tables/rooms.js";
import type { ServiceContext } from "../context.js";
import { roomAccessOf } from "./access.js";
import { clientEventsOf } from "./client-format.js";
import { filterVisibleEvents } from "./visibility.js";

export type MemberFilter = { at?: number | undefined; membership?: string | undefined; notMembership?: string | undefined };

export type JoinedMember = { display_name?: string; avatar_url?: string };

export interface RoomReads {
  state(userId: string, roomId: string): Promise<ClientEvent[]>;
  /** Null when the room has no such state (as far as the user may see). */
  stateEvent(userId: string, roomId: string, type: string, stateKey: string): Promise<ClientEvent | null>;
  members(userId: string, roomId: string, filter: MemberFilter): Promise<ClientEvent[]>;
  joinedMembers(userId: string, roomId: string): Promise<Record<string, JoinedMember>>;
  event(userId: string, roomId: string, eventId: string): Promise<ClientEvent>;
}

async function versionOf(q: SqlExecutor, roomId: string): Promise<RoomVersion> {
  const room = await roomsTable.identity(q, roomId);
  // roomAccessOf refused an unknown room already: this is only for one gone since.
  if (!room) throw roomNotFound();
  return roomVersion(room.roomVersion);
}

/** State rows as of `at` (null: now), optionally only some types. */
async function stateRows(q: SqlExecutor, roomId: string, at: number | null, types?: readonly string[]): Promise<EventRow[]> {
  if (at !== null) return eventsTable.stateAt(q, roomId, at, types);
  const current = (await currentStateTable.listForRoom(q, roomId)).filter((r) => !types || types.includes(r.type));
  const rows = await eventsTable.getMany(q, current.map((r) => r.eventId));
  return current.flatMap((r) => rows.get(r.eventId) ?? []);
}

export function createRoomReads(ctx: ServiceContext): RoomReads {
  const { db } = ctx;
  return {
    async state(userId, roomId) {
      const access = await roomAccessOf(db, userId, roomId);
      return clientEventsOf(db, await stateRows(db, roomId, access.at), await versionOf(db, roomId), ctx.clock());
    },

    async stateEvent(userId, roomId, type, stateKey) {
      const access = await roomAccessOf(db, userId, roomId);
      const row = access.at === null
        ? await currentStateTable.get(db, roomId, type, stateKey).then((cs) => (cs ? eventsTable.get(db, cs.eventId) : null))
        : (await stateRows(db, roomId, access.at, [type])).find((r) => r.stateKey === stateKey);
      if (!row) return null;
      const [event] = await clientEventsOf(db, [row], await versionOf(db, roomId), ctx.clock());
      return event ?? null;
    },

    async members(userId, roomId, filter) {
      const access = await roomAccessOf(db, userId, roomId);
      // `at` can only narrow the view: a user who left never sees past their leave.
      const at = filter.at === undefined ? access.at : Math.min(filter.at, access.at ?? filter.at);
      const rows = (await stateRows(db, roomId, at, ["m.room.member"])).filter(
        (r) => (filter.membership === undefined || r.membership === filter.membership) && (filter.notMembership === undefined || r.membership !== filter.notMembership),
      );
      return clientEventsOf(db, rows, await versionOf(db, roomId), ctx.clock());
    },

    async joinedMembers(userId, roomId) {
      const access = await roomAccessOf(db, userId, roomId);
      // The spec (and Synapse) ask the caller to be in the room now: a leaver keeps
      // /members as of their leave, but not the live joined list.
      if (access.membership !== "join" && access.at !== null) throw forbidden("You are not a member of this room");
      const rows = (await stateRows(db, roomId, access.at, ["m.room.member"])).filter((r) => r.membership === "join");
      const events = await clientEventsOf(db, rows, await versionOf(db, roomId), ctx.clock());
      const joined: Record<string, JoinedMember> = {};
      for (const event of events) {
        if (event.state_key === undefined) continue;
        const { displayname, avatar_url } = event.content;
        joined[event.state_key] = {
          ...(typeof displayname === "string" && { display_name: displayname }),
          ...(typeof avatar_url === "string" && { avatar_url }),
        };
      }
      return joined;
    },

    async event(userId, roomId, eventId) {
      await roomAccessOf(db, userId, roomId);
      const row = await eventsTable.get(db, eventId);
      // Not in this room, or not visible to the user: the same answer, so neither can be told apart.
      if (!row || row.roomId !== roomId) throw notFound("Event not found");
      const visible = await filterVisibleEvents(db, userId, roomId, [row]);
      if (!visible.has(eventId)) throw notFound("Event not found");
      const [event] = await clientEventsOf(db, [row], await versionOf(db, roomId), ctx.clock());
      if (!event) throw notFound("Event not found");
      return event;
    },
  };
}
