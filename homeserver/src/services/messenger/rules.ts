/**
 * Ward's messenger rules for every local event, on top of the Matrix auth
 * rules. The event writer (rooms/event-writer.ts) calls enforceMessengerRules
 * under the room lock, right after loading the room's state, for every
 * event it writes: client API, admin and server-side writes alike.
 *
 * Every room but a public channel:
 *   - someone who never had a membership in the room gets the answer an
 *     unknown room gets (404 "Room not found"), so a private channel or a
 *     conversation one is not in cannot be told from a room that does not
 *     exist. (A public channel is no secret: there the auth rules answer,
 *     and anyone may join.) The same test as messenger/visibility.ts
 *     roomKnownTo, made here on the state loaded under the room lock.
 * Direct conversations (marker.ts: kind "direct", members fixed at creation):
 *   - nobody is invited, kicked or banned; only a listed member joins;
 *   - nobody leaves (nor rejects the invite), except a deactivated account,
 *     whose leave account deactivation writes;
 *   - no topic; join rules, history visibility and guest access stay as
 *     created; no tombstone; the name may change;
 *   - no message is ever deleted (redaction refused).
 * Channels:
 *   - deleting messages (redaction) follows the org's setting
 *     (channel-redaction.ts), off by default: messages are kept for the record.
 *
 * messengerRefusal is pure (the state and a few facts in, an error or
 * nothing out); enforceMessengerRules looks the facts up in the transaction.
 */
import { stateKeyOf, type RoomEvent, type StateMap } from "@ward/protocol";
import { MatrixError, forbidden, roomNotFound } from "../../http/matrix-error.js";
import type { Transaction } from "../../store/database.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import { eventsTable } from "../../store/tables/events.js";
import { usersTable } from "../../store/tables/users.js";
import { REDACTION } from "../rooms/redaction.js";
import type { EventDraft, RoomHead } from "../rooms/room-head.js";
import { pduOf } from "../rooms/stored-events.js";
import { channelRedactionAllowed } from "./channel-redaction.js";
import { roomKindOf } from "./marker.js";

const MEMBER = "m.room.member";

/** The answer for a room the sender may not know about: the same as the event writer's for an unknown room. */
export class RoomHiddenError extends MatrixError {
  constructor() {
    const { status, errcode, message } = roomNotFound();
    super(status, errcode, message);
  }
}

export type RuleFacts = {
  /** The write comes from account deactivation AND the sender's account is deactivated. */
  readonly deactivatedLeave: boolean;
  /** The org allows deleting messages in channels (only looked at for redactions). */
  readonly channelRedaction: boolean;
  /** The room's join rule, when the sender never had a membership (the only case that needs it). */
  readonly joinRule?: string | undefined;
};

/** Settings a direct conversation keeps from its creation. */
const FIXED_STATE = new Set(["m.room.join_rules", "m.room.history_visibility", "m.room.guest_access"]);

export const DIRECT_REFUSALS = {
  invite: "Nobody can be invited to a direct conversation: its members are fixed when it starts",
  remove: "Nobody can be removed from a direct conversation: its members are fixed when it starts",
  leave: "A direct conversation cannot be left: its members are fixed when it starts",
  join: "Only the people a direct conversation was started with can join it",
  membership: "A direct conversation's members are fixed when it starts",
  topic: "A direct conversation has no topic",
  tombstone: "A direct conversation cannot be closed or replaced",
  redaction: "Messages in a direct conversation can never be deleted",
} as const;

export const CHANNEL_REDACTION_OFF = "Deleting messages is turned off for this organisation: messages are kept for the record";

const stringOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function membershipOf(state: StateMap<RoomEvent>, userId: string): string | undefined {
  return stringOf(state.get(stateKeyOf(MEMBER, userId))?.content.membership);
}

function directMemberRefusal(members: readonly string[], draft: EventDraft, facts: RuleFacts): MatrixError | undefined {
  const membership = stringOf(draft.content.membership);
  if (draft.stateKey !== draft.sender) {
    if (membership === "invite") return forbidden(DIRECT_REFUSALS.invite);
    if (membership === "leave" || membership === "ban") return forbidden(DIRECT_REFUSALS.remove);
    return forbidden(DIRECT_REFUSALS.membership);
  }
  if (membership === "join") return members.includes(draft.sender) ? undefined : forbidden(DIRECT_REFUSALS.join);
  if (membership === "leave") return facts.deactivatedLeave ? undefined : forbidden(DIRECT_REFUSALS.leave);
  return forbidden(DIRECT_REFUSALS.membership);
}

function directRefusal(members: readonly string[], draft: EventDraft, facts: RuleFacts): MatrixError | undefined {
  if (draft.type === REDACTION) return forbidden(DIRECT_REFUSALS.redaction);
  if (draft.stateKey === undefined) return undefined;
  if (draft.type === MEMBER) return directMemberRefusal(members, draft, facts);
  if (draft.type === "m.room.topic") return forbidden(DIRECT_REFUSALS.topic);
  if (draft.type === "m.room.tombstone") return forbidden(DIRECT_REFUSALS.tombstone);
  if (FIXED_STATE.has(draft.type)) return forbidden(`A direct conversation's ${draft.type} cannot be changed`);
  return undefined;
}

/** Why the event may not be written under Ward's messenger rules, or undefined when it may (the auth rules still apply). */
export function messengerRefusal(state: StateMap<RoomEvent>, draft: EventDraft, facts: RuleFacts): MatrixError | undefined {
  if (membershipOf(state, draft.sender) === undefined && facts.joinRule !== "public") return new RoomHiddenError();
  const kind = roomKindOf(state);
  if (kind.kind === "direct") return directRefusal(kind.members, draft, facts);
  if (draft.type === REDACTION && !facts.channelRedaction) return forbidden(CHANNEL_REDACTION_OFF);
  return undefined;
}

/** The room's join rule when the sender never had a membership: from the loaded state (member events load it), else current state. */
async function joinRuleFor(tx: Transaction, head: RoomHead, sender: string): Promise<string | undefined> {
  if (membershipOf(head.state, sender) !== undefined || head.roomId === undefined) return undefined;
  const loaded = head.state.get(stateKeyOf("m.room.join_rules", ""));
  if (loaded) return stringOf(loaded.content.join_rule);
  const row = await currentStateTable.get(tx, head.roomId, "m.room.join_rules", "");
  const event = row ? await eventsTable.get(tx, row.eventId) : null;
  return event ? stringOf(pduOf(tx, event).content.join_rule) : undefined;
}

/** What enforceMessengerRules needs of a write request (rooms/event-writer.ts WriteRequest). */
export type RuledWrite = { readonly draft: EventDraft; readonly accountDeactivation?: boolean | undefined };

/** Throws the MatrixError of messengerRefusal; in the writer's transaction, under the room lock. */
export async function enforceMessengerRules(tx: Transaction, head: RoomHead, request: RuledWrite): Promise<void> {
  const { draft } = request;
  // The flag alone lets nothing through: the account must really be deactivated.
  const deactivatedLeave = request.accountDeactivation === true && (await usersTable.get(tx, draft.sender))?.deactivated === true;
  // Read in the transaction, not cached: a change an admin made in any process applies to the next redaction.
  const channelRedaction = draft.type === REDACTION && (await channelRedactionAllowed(tx));
  const refusal = messengerRefusal(head.state, draft, { deactivatedLeave, channelRedaction, joinRule: await joinRuleFor(tx, head, draft.sender) });
  if (refusal) throw refusal;
}
