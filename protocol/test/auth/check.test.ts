import t from "tap";
import { checkEventAuth } from "../../src/auth/check.js";
import { stateKeyOf } from "../../src/events/pdu.js";
import type { EventSpec } from "./fixtures.js";
import { ALICE, ALLOW, BOB, CAROL, createContent, makeBareRoom, makeRoom, member, powerLevels, refusedWith, VERSIONS } from "./fixtures.js";

type EventSpecPart = Pick<EventSpec, "content" | "redacts">;

t.test("the create event must be in the auth state", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id);
    const event = room.build({ type: "m.room.message", sender: ALICE, content: { body: "hi" } });
    t.strictSame(checkEventAuth(event, room.state, room.version), ALLOW, `v${id} with create`);
    const noCreate = new Map(room.state);
    noCreate.delete(stateKeyOf("m.room.create", ""));
    t.match(checkEventAuth(event, noCreate, room.version), refusedWith(/no m.room.create/), `v${id} without create`);
  }
});

t.test("v12 rule 2: room_id must be the create event's ID with ! instead of $", async (t) => {
  const room = makeRoom(ALICE, "12");
  t.equal(room.roomId, `!${room.create.event_id.slice(1)}`);
  const good = room.build({ type: "m.room.message", sender: ALICE, content: {} });
  t.strictSame(checkEventAuth(good, room.state, room.version), ALLOW);
  const other = room.build({ type: "m.room.message", sender: ALICE, content: {}, room_id: "!someoneelse" });
  t.match(checkEventAuth(other, room.state, room.version), refusedWith(/is not derived from the m.room.create event/));
  const legacy = room.build({ type: "m.room.message", sender: ALICE, content: {}, room_id: `!${room.create.event_id.slice(1)}:a.example` });
  t.match(checkEventAuth(legacy, room.state, room.version), refusedWith(/not derived/), "no server name suffix in v12 room IDs");
  const otherRoom = makeRoom(ALICE, "12");
  t.match(checkEventAuth(good, otherRoom.state, otherRoom.version), refusedWith(/not derived/), "checked against another room's create");
});

t.test("v10/v11: the create event in the auth state must belong to the event's room", async (t) => {
  for (const id of ["10", "11"] as const) {
    const room = makeRoom(ALICE, id);
    const event = room.build({ type: "m.room.message", sender: ALICE, content: {}, room_id: "!elsewhere:a.example" });
    t.match(checkEventAuth(event, room.state, room.version), refusedWith(/belongs to room/));
  }
});

t.test("rule m.federate: with m.federate false only the creator's server may send", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, createContent({ "m.federate": false }), powerLevels({ invite: 0 }));
    const local = room.build({ type: "m.room.message", sender: ALICE, content: {} });
    t.strictSame(checkEventAuth(local, room.state, room.version), ALLOW, `v${id} local sender`);
    room.setMembership("@alice2:a.example", "invite");
    const localJoin = room.build({ type: "m.room.member", sender: "@alice2:a.example", state_key: "@alice2:a.example", content: { membership: "join" } });
    t.strictSame(checkEventAuth(localJoin, room.state, room.version), ALLOW, `v${id} local join`);
    room.setMembership(BOB, "invite");
    const remoteJoin = room.build({ type: "m.room.member", sender: BOB, state_key: BOB, content: { membership: "join" } });
    t.match(checkEventAuth(remoteJoin, room.state, room.version), refusedWith(/does not federate/), `v${id} remote join`);
  }
  const federating = makeRoom(ALICE, "11", createContent({ "m.federate": true }), member(BOB, "invite"));
  const join = federating.build({ type: "m.room.member", sender: BOB, state_key: BOB, content: { membership: "join" } });
  t.strictSame(checkEventAuth(join, federating.state, federating.version), ALLOW, "m.federate true federates");
  const stringy = makeRoom(ALICE, "11", createContent({ "m.federate": "false" }), member(BOB, "invite"));
  const join2 = stringy.build({ type: "m.room.member", sender: BOB, state_key: BOB, content: { membership: "join" } });
  t.strictSame(checkEventAuth(join2, stringy.state, stringy.version), ALLOW, "only the boolean false stops federation");
});

t.test("rule: the sender must be joined to send non-membership events", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, member(BOB, "invite"), member(CAROL, "invite"), member(CAROL, "join"), member(CAROL, "leave"));
    const invited = room.build({ type: "m.room.message", sender: BOB, content: {} });
    t.match(checkEventAuth(invited, room.state, room.version), refusedWith(/@bob:b.example is not joined/), `v${id} invited`);
    const left = room.build({ type: "m.room.message", sender: CAROL, content: {} });
    t.match(checkEventAuth(left, room.state, room.version), refusedWith(/not joined/), `v${id} left`);
    const stranger = room.build({ type: "m.room.topic", sender: "@eve:e.example", state_key: "", content: {} });
    t.match(checkEventAuth(stranger, room.state, room.version), refusedWith(/not joined/), `v${id} never a member`);
  }
});

t.test("rule m.room.third_party_invite: allowed iff the sender has the invite level", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, powerLevels({ invite: 10, events: { "m.room.third_party_invite": 100 } }), member(BOB, "invite"), member(BOB, "join"));
    const fromBob = room.build({ type: "m.room.third_party_invite", sender: BOB, state_key: "token", content: { display_name: "x" } });
    t.match(checkEventAuth(fromBob, room.state, room.version), refusedWith(/lacks the power level to invite/), `v${id} level 0 < 10`);
    const fromAlice = room.build({ type: "m.room.third_party_invite", sender: ALICE, state_key: "token", content: { display_name: "x" } });
    t.strictSame(checkEventAuth(fromAlice, room.state, room.version), ALLOW, `v${id}: the events[] level (100) is not consulted`);
    room.add({ type: "m.room.power_levels", sender: ALICE, state_key: "", content: { ...room.stateEvent("m.room.power_levels")!.content, invite: 0 } });
    const again = room.build({ type: "m.room.third_party_invite", sender: BOB, state_key: "token", content: { display_name: "x" } });
    t.strictSame(checkEventAuth(again, room.state, room.version), ALLOW, `v${id} level 0 >= 0`);
    const outsider = room.build({ type: "m.room.third_party_invite", sender: CAROL, state_key: "token", content: {} });
    t.match(checkEventAuth(outsider, room.state, room.version), refusedWith(/not joined/), `v${id} sender must be joined first`);
  }
});

t.test("rule required power level: events[type], else events_default or state_default", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, powerLevels({ events_default: 5, state_default: 40, events: { "m.room.name": 20, "m.reaction": 0 } }));
    room.setMembership(BOB, "invite");
    room.setMembership(BOB, "join");
    const v = room.version;
    t.match(checkEventAuth(room.build({ type: "m.room.message", sender: BOB, content: {} }), room.state, v), refusedWith(/needs power level 5; @bob:b.example has 0/), `v${id} events_default`);
    t.strictSame(checkEventAuth(room.build({ type: "m.reaction", sender: BOB, content: {} }), room.state, v), ALLOW, `v${id} events[type] lowers it`);
    t.match(checkEventAuth(room.build({ type: "m.room.topic", sender: BOB, state_key: "", content: {} }), room.state, v), refusedWith(/needs power level 40/), `v${id} state_default`);
    t.match(checkEventAuth(room.build({ type: "m.room.name", sender: BOB, state_key: "", content: {} }), room.state, v), refusedWith(/needs power level 20/), `v${id} events[type] for state`);
    t.strictSame(checkEventAuth(room.build({ type: "m.room.name", sender: ALICE, state_key: "", content: {} }), room.state, v), ALLOW, `v${id} creator`);
    const custom = room.build({ type: "org.example.custom", sender: ALICE, state_key: "x", content: { any: "thing" } });
    t.strictSame(checkEventAuth(custom, room.state, v), ALLOW, `v${id} unknown state types are allowed at state_default`);
  }
});

t.test("rule required power level: without power levels, state needs 0 and messages need 0", async (t) => {
  for (const id of VERSIONS) {
    const room = makeBareRoom(ALICE, id, (r) => r.add({ type: "m.room.join_rules", sender: ALICE, state_key: "", content: { join_rule: "public" } }));
    room.setMembership(BOB, "join");
    t.strictSame(checkEventAuth(room.build({ type: "m.room.topic", sender: BOB, state_key: "", content: {} }), room.state, room.version), ALLOW, `v${id} state`);
    t.strictSame(checkEventAuth(room.build({ type: "m.room.message", sender: BOB, content: {} }), room.state, room.version), ALLOW, `v${id} message`);
  }
});

t.test("rule: a state_key starting with @ may only be set by that user", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, powerLevels({ state_default: 0 }), member(BOB, "invite"), member(BOB, "join"));
    t.strictSame(checkEventAuth(room.build({ type: "org.example.status", sender: BOB, state_key: BOB, content: {} }), room.state, room.version), ALLOW, `v${id} own key`);
    t.match(checkEventAuth(room.build({ type: "org.example.status", sender: ALICE, state_key: BOB, content: {} }), room.state, room.version), refusedWith(/starts with @ and only @bob:b.example may set it/), `v${id} even an admin cannot`);
    t.match(checkEventAuth(room.build({ type: "org.example.status", sender: BOB, state_key: "@bob", content: {} }), room.state, room.version), refusedWith(/starts with @/), `v${id} any @ prefix`);
    t.strictSame(checkEventAuth(room.build({ type: "org.example.status", sender: BOB, state_key: "x@bob:b.example", content: {} }), room.state, room.version), ALLOW, `v${id} @ elsewhere is fine`);
  }
});

t.test("m.room.redaction: ordinary send-level rules apply; the redact level is not considered", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, powerLevels({ redact: 100 }), member(BOB, "invite"), member(BOB, "join"));
    const target = room.add({ type: "m.room.message", sender: ALICE, content: { body: "x" } });
    const redacts: EventSpecPart = room.version.redactsInContent ? { content: { redacts: target.event_id } } : { redacts: target.event_id, content: {} };
    const redaction = room.build({ type: "m.room.redaction", sender: BOB, ...redacts });
    t.strictSame(checkEventAuth(redaction, room.state, room.version), ALLOW, `v${id} redact level 100 does not stop the event`);
    room.add({ type: "m.room.power_levels", sender: ALICE, state_key: "", content: { ...room.stateEvent("m.room.power_levels")!.content, events: { "m.room.redaction": 50 } } });
    const again = room.build({ type: "m.room.redaction", sender: BOB, ...redacts });
    t.match(checkEventAuth(again, room.state, room.version), refusedWith(/m.room.redaction needs power level 50/), `v${id} events[m.room.redaction]`);
  }
});
