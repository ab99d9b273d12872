/**
 * The stripped state of a room the user is invited to (client-server API,
 * "Stripped state"): enough to show the invite (create, join rules, name,
 * avatar, topic, canonical alias, encryption) as of the invite, plus the
 * invitee's own member event and the inviter's (clients show "X invited
 * you" with the inviter's display name).
 *
 * Only for rooms whose state this server holds; invites arriving over
 * federation will bring their own invite_room_state (a later issue).
 */
import type { clientTypes } from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import { eventsTable, type EventRow } from "../../store/tables/events.js";
import { effectivePduOf } from "../rooms/stored-events.js";
import type { EventFormatter } from "./client-events.js";
import { membersAt } from "./queries.js";

type StrippedStateEvent = clientTypes.StrippedStateEvent;

export const STRIPPED_STATE_TYPES = [
  "m.room.create",
  "m.room.join_rules",
  "m.room.name",
  "m.room.avatar",
  "m.room.topic",
  "m.room.canonical_alias",
  "m.room.encryption",
] as const;

export async function inviteState(
  q: SqlExecutor,
  formatter: EventFormatter,
  invite: { roomId: string; eventId: string; streamPos: number },
): Promise<StrippedStateEvent[]> {
  const version = await formatter.versionOf(invite.roomId);
  const state = await eventsTable.stateAt(q, invite.roomId, invite.streamPos, STRIPPED_STATE_TYPES);
  const own = await eventsTable.get(q, invite.eventId);
  const rows: EventRow[] = [...state];
  if (own) {
    const inviter = own.sender !== own.stateKey ? await membersAt(q, invite.roomId, [own.sender], own.streamPos - 1) : [];
    rows.push(...inviter, own);
  }
  return rows.map((row) => {
    const event = effectivePduOf(q, row, version);
    return { type: event.type, state_key: event.state_key ?? "", content: event.content, sender: event.sender };
  });
}
