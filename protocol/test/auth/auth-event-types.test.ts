import t from "tap";
import { authEventTypesFor } from "../../src/auth/auth-event-types.js";
import { roomVersion } from "../../src/room-versions.js";
import { ALICE, BOB, CAROL } from "./fixtures.js";

const v10 = roomVersion("10");
const v11 = roomVersion("11");
const v12 = roomVersion("12");
const CREATE = ["m.room.create", ""];
const PL = ["m.room.power_levels", ""];
const JR = ["m.room.join_rules", ""];
const mem = (u: string) => ["m.room.member", u];

t.test("the create event has no auth events", async (t) => {
  for (const v of [v10, v11, v12]) t.strictSame(authEventTypesFor({ type: "m.room.create", sender: ALICE, state_key: "", content: {} }, v), []);
});

t.test("ordinary events: create (not in v12), power levels, sender's membership", async (t) => {
  const message = { type: "m.room.message", sender: BOB, content: { body: "x" } };
  t.strictSame(authEventTypesFor(message, v10), [CREATE, PL, mem(BOB)]);
  t.strictSame(authEventTypesFor(message, v11), [CREATE, PL, mem(BOB)]);
  t.strictSame(authEventTypesFor(message, v12), [PL, mem(BOB)]);
  const state = { type: "org.example.state", sender: BOB, state_key: CAROL, content: {} };
  t.strictSame(authEventTypesFor(state, v12), [PL, mem(BOB)], "a non-member state_key is not a target");
});

t.test("membership events add the target, and join rules for join, invite and knock", async (t) => {
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: BOB, state_key: BOB, content: { membership: "join" } }, v11), [CREATE, PL, mem(BOB), JR], "self-join lists the member once");
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: ALICE, state_key: BOB, content: { membership: "invite" } }, v12), [PL, mem(ALICE), mem(BOB), JR]);
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: BOB, state_key: BOB, content: { membership: "knock" } }, v12), [PL, mem(BOB), JR]);
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: ALICE, state_key: BOB, content: { membership: "leave" } }, v12), [PL, mem(ALICE), mem(BOB)]);
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: ALICE, state_key: BOB, content: { membership: "ban" } }, v10), [CREATE, PL, mem(ALICE), mem(BOB)]);
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: ALICE, state_key: BOB, content: {} }, v12), [PL, mem(ALICE), mem(BOB)], "no membership, no join rules");
});

t.test("third-party invites add the m.room.third_party_invite named by signed.token", async (t) => {
  const content = { membership: "invite", third_party_invite: { display_name: "x", signed: { mxid: BOB, token: "tok", signatures: {} } } };
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: ALICE, state_key: BOB, content }, v12), [PL, mem(ALICE), mem(BOB), JR, ["m.room.third_party_invite", "tok"]]);
  const noToken = { membership: "invite", third_party_invite: { display_name: "x", signed: { mxid: BOB } } };
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: ALICE, state_key: BOB, content: noToken }, v12), [PL, mem(ALICE), mem(BOB), JR]);
  const onJoin = { membership: "join", third_party_invite: content.third_party_invite };
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: BOB, state_key: BOB, content: onJoin }, v12), [PL, mem(BOB), JR], "only for invites");
});

t.test("restricted joins add the authorising user's membership", async (t) => {
  const content = { membership: "join", join_authorised_via_users_server: CAROL };
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: BOB, state_key: BOB, content }, v10), [CREATE, PL, mem(BOB), JR, mem(CAROL)]);
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: BOB, state_key: BOB, content }, v12), [PL, mem(BOB), JR, mem(CAROL)]);
  const leave = { membership: "leave", join_authorised_via_users_server: CAROL };
  t.strictSame(authEventTypesFor({ type: "m.room.member", sender: BOB, state_key: BOB, content: leave }, v12), [PL, mem(BOB)], "only for joins");
});
