/**
 * The messenger rules as a pure function: room state and a draft in, a
 * refusal or nothing out. Every rule with the user who may and the one who
 * may not; the database-backed paths are in direct-rooms.test.ts and the
 * HTTP ones in api/ward/messenger-rooms*.test.ts.
 */
import t from "tap";
import { stateKeyOf, type JsonObject, type RoomEvent, type StateMap } from "@ward/protocol";
import { CHANNEL_REDACTION_OFF, DIRECT_REFUSALS, messengerRefusal, RoomHiddenError, type RuleFacts } from "../../../src/services/messenger/rules.js";
import type { EventDraft } from "../../../src/services/rooms/room-head.js";

const ALICE = "@alice:hs";
const BOB = "@bob:hs";
const CAROL = "@carol:hs";

let n = 0;
function event(type: string, stateKey: string, content: JsonObject): RoomEvent {
  return { event_id: `$e${++n}`, type, state_key: stateKey, content, sender: ALICE, room_id: "!r:hs", origin_server_ts: 0 } as unknown as RoomEvent;
}

function room(marker: JsonObject | undefined, joinRule: string, members: Record<string, string>): StateMap<RoomEvent> {
  const state: StateMap<RoomEvent> = new Map();
  state.set(stateKeyOf("m.room.create", ""), event("m.room.create", "", { room_version: "12", ...(marker && { "org.ward.messenger": marker }) }));
  state.set(stateKeyOf("m.room.join_rules", ""), event("m.room.join_rules", "", { join_rule: joinRule }));
  for (const [userId, membership] of Object.entries(members)) state.set(stateKeyOf("m.room.member", userId), event("m.room.member", userId, { membership }));
  return state;
}

const direct = () => room({ kind: "direct", members: [ALICE, BOB] }, "invite", { [ALICE]: "join", [BOB]: "join" });
const facts: RuleFacts = { deactivatedLeave: false, channelRedaction: false };
const member = (sender: string, target: string, membership: string): EventDraft => ({ sender, type: "m.room.member", stateKey: target, content: { membership } });
const redaction = (sender: string): EventDraft => ({ sender, type: "m.room.redaction", content: {}, redacts: "$x" });
const message = (sender: string): EventDraft => ({ sender, type: "m.room.message", content: { msgtype: "m.text", body: "hi" } });
const stateDraft = (sender: string, type: string, content: JsonObject): EventDraft => ({ sender, type, stateKey: "", content });
/** The facts enforceMessengerRules would look up: here the join rule comes from the fixture's state. */
const judge = (state: StateMap<RoomEvent>, draft: EventDraft, f: RuleFacts = facts) =>
  messengerRefusal(state, draft, { ...f, joinRule: state.get(stateKeyOf("m.room.join_rules", ""))?.content.join_rule as string });
const refusal = (state: StateMap<RoomEvent>, draft: EventDraft, f: RuleFacts = facts) => judge(state, draft, f)?.message;

t.test("a room the sender was never in is hidden, unless it is a public channel", async (t) => {
  const priv = room({ kind: "channel" }, "invite", { [ALICE]: "join" });
  const hidden = judge(priv, message(CAROL), facts);
  t.ok(hidden instanceof RoomHiddenError);
  t.same([hidden?.status, hidden?.errcode, hidden?.message], [404, "M_NOT_FOUND", "Room not found"], "the event writer's answer for an unknown room");
  t.ok(judge(priv, member(CAROL, CAROL, "join"), facts) instanceof RoomHiddenError, "joining a private channel uninvited");
  t.ok(judge(priv, member(CAROL, BOB, "invite"), facts) instanceof RoomHiddenError, "inviting into it from outside");
  t.ok(judge(direct(), member(CAROL, CAROL, "join"), facts) instanceof RoomHiddenError, "joining someone else's conversation");
  const pub = room({ kind: "channel" }, "public", { [ALICE]: "join" });
  t.equal(refusal(pub, member(CAROL, CAROL, "join")), undefined, "anyone may join a public channel");
  t.equal(refusal(pub, message(CAROL)), undefined, "a public channel is no secret: the auth rules answer a send from outside");
  t.ok(messengerRefusal(pub, message(CAROL), facts) instanceof RoomHiddenError, "the join rule unknown: hidden (the stricter reading)");
  const invited = room({ kind: "channel" }, "invite", { [ALICE]: "join", [CAROL]: "invite" });
  t.equal(refusal(invited, member(CAROL, CAROL, "join")), undefined, "an invitee may join");
  t.equal(refusal(invited, member(ALICE, BOB, "invite")), undefined, "any member may invite (power levels permitting)");
});

t.test("direct conversations: fixed membership", async (t) => {
  t.equal(refusal(direct(), member(ALICE, CAROL, "invite")), DIRECT_REFUSALS.invite);
  t.equal(refusal(direct(), member(ALICE, BOB, "leave")), DIRECT_REFUSALS.remove, "kick");
  t.equal(refusal(direct(), member(ALICE, BOB, "ban")), DIRECT_REFUSALS.remove);
  t.equal(refusal(direct(), member(BOB, BOB, "leave")), DIRECT_REFUSALS.leave);
  t.equal(refusal(direct(), member(BOB, BOB, "leave"), { ...facts, deactivatedLeave: true }), undefined, "a deactivated account's leave");
  t.equal(refusal(direct(), member(BOB, BOB, "knock")), DIRECT_REFUSALS.membership);
  t.equal(refusal(direct(), member(BOB, BOB, "join")), undefined, "a listed member joins (or changes their profile)");
  const invited = room({ kind: "direct", members: [ALICE, BOB] }, "invite", { [ALICE]: "join", [BOB]: "invite" });
  t.equal(refusal(invited, member(BOB, BOB, "join")), undefined, "the invitee accepts");
  t.equal(refusal(invited, member(BOB, BOB, "leave")), DIRECT_REFUSALS.leave, "and cannot reject");
  const stray = room({ kind: "direct", members: [ALICE, BOB] }, "invite", { [ALICE]: "join", [CAROL]: "invite" });
  t.equal(refusal(stray, member(CAROL, CAROL, "join")), DIRECT_REFUSALS.join, "someone not listed never joins, however they got a membership");
  const damaged = room({ kind: "direct", members: "everyone" }, "invite", { [ALICE]: "join" });
  t.equal(refusal(damaged, member(ALICE, ALICE, "join")), DIRECT_REFUSALS.join, "a damaged member list lets nobody in");
});

t.test("direct conversations: settings, topic, deletion", async (t) => {
  t.equal(refusal(direct(), stateDraft(ALICE, "m.room.topic", { topic: "x" })), DIRECT_REFUSALS.topic);
  t.equal(refusal(direct(), stateDraft(ALICE, "m.room.join_rules", { join_rule: "public" })), "A direct conversation's m.room.join_rules cannot be changed");
  t.equal(refusal(direct(), stateDraft(ALICE, "m.room.history_visibility", { history_visibility: "joined" })), "A direct conversation's m.room.history_visibility cannot be changed");
  t.equal(refusal(direct(), stateDraft(ALICE, "m.room.guest_access", { guest_access: "forbidden" })), "A direct conversation's m.room.guest_access cannot be changed");
  t.equal(refusal(direct(), stateDraft(ALICE, "m.room.tombstone", { body: "closed", replacement_room: "!n:hs" })), DIRECT_REFUSALS.tombstone);
  t.equal(refusal(direct(), stateDraft(ALICE, "m.room.name", { name: "Night shift" })), undefined, "a group may be renamed");
  t.equal(refusal(direct(), message(BOB)), undefined, "messages");
  t.equal(refusal(direct(), { ...message(BOB), content: { msgtype: "m.text", body: "* fixed", "m.relates_to": { rel_type: "m.replace", event_id: "$x" } } }), undefined, "edits");
  t.equal(refusal(direct(), redaction(ALICE)), DIRECT_REFUSALS.redaction);
  t.equal(refusal(direct(), redaction(ALICE), { ...facts, channelRedaction: true }), DIRECT_REFUSALS.redaction, "whatever the channel setting");
});

t.test("channels: deletion follows the org setting; members come and go", async (t) => {
  const channel = room({ kind: "channel" }, "invite", { [ALICE]: "join", [BOB]: "join" });
  t.equal(refusal(channel, redaction(ALICE)), CHANNEL_REDACTION_OFF);
  t.equal(judge(channel, redaction(ALICE), facts)?.status, 403);
  t.equal(refusal(channel, redaction(ALICE), { ...facts, channelRedaction: true }), undefined);
  t.equal(refusal(channel, member(BOB, BOB, "leave")), undefined);
  t.equal(refusal(channel, member(ALICE, BOB, "leave")), undefined, "kick (power levels permitting)");
  t.equal(refusal(channel, member(ALICE, CAROL, "invite")), undefined);
  t.equal(refusal(channel, stateDraft(ALICE, "m.room.topic", { topic: "x" })), undefined);
  const unmarked = room(undefined, "invite", { [ALICE]: "join" });
  t.equal(refusal(unmarked, redaction(ALICE)), CHANNEL_REDACTION_OFF, "a room without a marker is a channel");
});
