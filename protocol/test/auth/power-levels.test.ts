import t from "tap";
import { creatorsOf, namedPowerLevel, requiredPowerLevel, userPowerLevel } from "../../src/auth/power-levels.js";
import { stateKeyOf } from "../../src/events/pdu.js";
import { ALICE, BOB, CAROL, createContent, makeBareRoom, makeRoom, powerLevels, VERSIONS } from "./fixtures.js";

t.test("creatorsOf: v10 content.creator, v11 the sender, v12 the sender and additional_creators", async (t) => {
  const v10 = makeBareRoom(ALICE, "10", createContent({ creator: BOB, additional_creators: [CAROL] }));
  t.strictSame([...creatorsOf(v10.state, v10.version)], [BOB]);
  const v11 = makeBareRoom(ALICE, "11", createContent({ creator: BOB, additional_creators: [CAROL] }));
  t.strictSame([...creatorsOf(v11.state, v11.version)], [ALICE]);
  const v12 = makeBareRoom(ALICE, "12", createContent({ additional_creators: [CAROL, BOB, 5] }));
  t.strictSame([...creatorsOf(v12.state, v12.version)], [ALICE, CAROL, BOB], "non-strings are skipped");
  t.strictSame([...creatorsOf(new Map(), v12.version)], [], "no create event, no creators");
});

t.test("userPowerLevel with a power levels event: users entry, else users_default", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, powerLevels({ users: { [BOB]: 42 }, users_default: 7 }));
    t.equal(userPowerLevel(BOB, room.state, room.version), 42, `v${id} listed`);
    t.equal(userPowerLevel(CAROL, room.state, room.version), 7, `v${id} users_default`);
    t.equal(userPowerLevel(ALICE, room.state, room.version), id === "12" ? Infinity : 7, `v${id} creator not listed`);
    const noDefault = makeRoom(ALICE, id);
    delete noDefault.stateEvent("m.room.power_levels")!.content["users_default"];
    t.equal(userPowerLevel(CAROL, noDefault.state, noDefault.version), 0, `v${id} users_default defaults to 0`);
    t.equal(userPowerLevel("toString", room.state, room.version), 7, `v${id} inherited keys are not levels`);
  }
});

t.test("userPowerLevel without a power levels event: creator 100 before v12, Infinity in v12", async (t) => {
  const v10 = makeBareRoom(ALICE, "10", createContent({ creator: BOB }));
  t.equal(userPowerLevel(BOB, v10.state, v10.version), 100, "v10 content.creator");
  t.equal(userPowerLevel(ALICE, v10.state, v10.version), 0, "v10 sender is not the creator");
  const v11 = makeBareRoom(ALICE, "11", createContent({ creator: BOB }));
  t.equal(userPowerLevel(ALICE, v11.state, v11.version), 100, "v11 create sender");
  t.equal(userPowerLevel(BOB, v11.state, v11.version), 0, "v11 ignores content.creator");
  const v12 = makeBareRoom(ALICE, "12", createContent({ additional_creators: [CAROL] }));
  t.equal(userPowerLevel(ALICE, v12.state, v12.version), Infinity);
  t.equal(userPowerLevel(CAROL, v12.state, v12.version), Infinity);
  t.equal(userPowerLevel(BOB, v12.state, v12.version), 0);
});

t.test("v12: creators outrank any users entry (a stale entry cannot demote them)", async (t) => {
  const room = makeRoom(ALICE, "12");
  const pl = room.stateEvent("m.room.power_levels")!;
  room.state.set(stateKeyOf("m.room.power_levels", ""), { ...pl, content: { ...pl.content, users: { [ALICE]: 0 } } });
  t.equal(userPowerLevel(ALICE, room.state, room.version), Infinity);
});

t.test("requiredPowerLevel: events[type], else state_default (50) or events_default (0)", async (t) => {
  const room = makeRoom(ALICE, "11", powerLevels({ events: { "m.room.name": 75, "m.sticker": 3 }, events_default: 1, state_default: 60 }));
  t.equal(requiredPowerLevel("m.room.name", true, room.state), 75);
  t.equal(requiredPowerLevel("m.sticker", false, room.state), 3);
  t.equal(requiredPowerLevel("m.room.topic", true, room.state), 60);
  t.equal(requiredPowerLevel("m.room.message", false, room.state), 1);
  t.equal(requiredPowerLevel("constructor", false, room.state), 1, "inherited keys are not entries");
  const sparse = makeRoom(ALICE, "11");
  const pl = sparse.stateEvent("m.room.power_levels")!;
  sparse.state.set(stateKeyOf("m.room.power_levels", ""), { ...pl, content: {} });
  t.equal(requiredPowerLevel("m.room.topic", true, sparse.state), 50, "state_default defaults to 50");
  t.equal(requiredPowerLevel("m.room.message", false, sparse.state), 0, "events_default defaults to 0");
  const bare = makeBareRoom(ALICE, "11");
  t.equal(requiredPowerLevel("m.room.topic", true, bare.state), 0, "no power levels event: state needs 0");
  t.equal(requiredPowerLevel("m.room.message", false, bare.state), 0);
});

t.test("namedPowerLevel: defaults ban/kick/redact 50, invite 0", async (t) => {
  const room = makeRoom(ALICE, "12");
  const pl = room.stateEvent("m.room.power_levels")!;
  room.state.set(stateKeyOf("m.room.power_levels", ""), { ...pl, content: { ban: 80 } });
  t.equal(namedPowerLevel("ban", room.state), 80);
  t.equal(namedPowerLevel("kick", room.state), 50);
  t.equal(namedPowerLevel("redact", room.state), 50);
  t.equal(namedPowerLevel("invite", room.state), 0);
  t.equal(namedPowerLevel("users_default", room.state), 0);
  t.equal(namedPowerLevel("events_default", room.state), 0);
  t.equal(namedPowerLevel("state_default", room.state), 50);
  const bare = makeBareRoom(ALICE, "12");
  t.equal(namedPowerLevel("ban", bare.state), 50);
  t.equal(namedPowerLevel("state_default", bare.state), 0);
});
