import t from "tap";
import { checkEventAuth } from "../../src/auth/check.js";
import type { JsonObject } from "../../src/json.js";
import type { RoomFixture } from "./fixtures.js";
import { ALICE, ALLOW, BOB, CAROL, DAVE, defaultPowerLevels, makeBareRoom, makeRoom, member, powerLevels, refusedWith, VERSIONS } from "./fixtures.js";

/** Sends new power levels: the current content with `changes` applied (undefined removes a key). */
function change(room: RoomFixture, sender: string, changes: Record<string, JsonObject[string] | undefined>) {
  const content: JsonObject = { ...room.stateEvent("m.room.power_levels")!.content };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete content[key];
    else content[key] = value;
  }
  const event = room.build({ type: "m.room.power_levels", sender, state_key: "", content });
  return checkEventAuth(event, room.state, room.version);
}

function usersWith(room: RoomFixture, extra: JsonObject): JsonObject {
  return { ...(room.stateEvent("m.room.power_levels")!.content["users"] as JsonObject), ...extra };
}

t.test("rule 9.1/10.1: the named levels must be integers", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id);
    for (const name of ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"]) {
      t.match(change(room, ALICE, { [name]: "50" }), refusedWith(new RegExp(`${name} must be an integer`)), `v${id} ${name} as a string`);
      t.match(change(room, ALICE, { [name]: 1.5 }), refusedWith(/must be an integer/), `v${id} ${name} as a float`);
      t.match(change(room, ALICE, { [name]: null }), refusedWith(/must be an integer/), `v${id} ${name} as null`);
      t.strictSame(change(room, ALICE, { [name]: 51 }), ALLOW, `v${id} ${name} as an integer`);
      t.strictSame(change(room, ALICE, { [name]: undefined }), ALLOW, `v${id} ${name} absent`);
    }
  }
});

t.test("rule 9.2/10.2: events and notifications must be objects of integers", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id);
    for (const name of ["events", "notifications"]) {
      t.match(change(room, ALICE, { [name]: [] }), refusedWith(new RegExp(`${name} must be an object`)), `v${id} ${name} array`);
      t.match(change(room, ALICE, { [name]: 5 }), refusedWith(/must be an object/), `v${id} ${name} number`);
      t.match(change(room, ALICE, { [name]: { room: "50" } }), refusedWith(new RegExp(`${name}\\["room"\\] must be an integer`)), `v${id} ${name} stringy value`);
      t.strictSame(change(room, ALICE, { [name]: { room: 50 } }), ALLOW, `v${id} ${name} integers`);
    }
  }
});

t.test("rule 9.3/10.3: users must map valid user IDs to integers", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id);
    t.match(change(room, ALICE, { users: [] }), refusedWith(/users must be an object/), `v${id} array`);
    t.match(change(room, ALICE, { users: usersWith(room, { "not-a-user": 10 }) }), refusedWith(/invalid user ID "not-a-user"/), `v${id} bad key`);
    t.match(change(room, ALICE, { users: usersWith(room, { "@bob": 10 }) }), refusedWith(/invalid user ID/), `v${id} no server name`);
    t.match(change(room, ALICE, { users: usersWith(room, { [BOB]: "10" }) }), refusedWith(/users\["@bob:b.example"\] must be an integer/), `v${id} stringy level`);
    t.strictSame(change(room, ALICE, { users: usersWith(room, { [BOB]: 10 }) }), ALLOW, `v${id} valid`);
    t.strictSame(change(room, ALICE, { users: undefined }), ALLOW, `v${id} users absent`);
  }
});

t.test("rule 10.4 (v12): users must not list a creator", async (t) => {
  const room = makeRoom(ALICE, "12", { createContent: { additional_creators: [CAROL] } });
  t.match(change(room, ALICE, { users: { [ALICE]: 100 } }), refusedWith(/must not list the room creator @alice:a.example/));
  t.match(change(room, ALICE, { users: { [CAROL]: 100 } }), refusedWith(/must not list the room creator @carol:c.example/));
  t.strictSame(change(room, ALICE, { users: { [BOB]: 100 } }), ALLOW);
  for (const id of ["10", "11"] as const) {
    const old = makeRoom(ALICE, id, { createContent: { additional_creators: [CAROL] } });
    t.strictSame(change(old, ALICE, { users: { [ALICE]: 100, [CAROL]: 100 } }), ALLOW, `v${id} may list creators`);
  }
});

t.test("rule 9.4/10.5: the first power levels event is allowed if well formed", async (t) => {
  for (const id of VERSIONS) {
    const room = makeBareRoom(ALICE, id);
    const users: JsonObject = id === "12" ? { [BOB]: 100 } : { [ALICE]: 100, [BOB]: 100 };
    const first = room.build({ type: "m.room.power_levels", sender: ALICE, state_key: "", content: { ...defaultPowerLevels(ALICE, room.version), users, ban: 1000 } });
    t.strictSame(checkEventAuth(first, room.state, room.version), ALLOW, `v${id}`);
  }
});

/** A room where Bob (50) moderates, Carol has 50 too, Dave has 10; levels sit around Bob's. */
function moderated(id: "10" | "11" | "12") {
  const users: JsonObject = { [BOB]: 50, [CAROL]: 50, [DAVE]: 10 };
  if (id !== "12") users[ALICE] = 100;
  return makeRoom(ALICE, id, powerLevels({ users, state_default: 50, ban: 75, kick: 50, redact: 40, events: { "m.room.name": 75, "m.room.topic": 30 }, notifications: { room: 75 } }),
    member(BOB, "invite"), member(BOB, "join"));
}

t.test("rule 9.5/10.6: named levels may change only between values at or below the sender's level", async (t) => {
  for (const id of VERSIONS) {
    const room = moderated(id);
    t.strictSame(change(room, BOB, { kick: 40 }), ALLOW, `v${id} lower kick from 50 to 40`);
    t.strictSame(change(room, BOB, { redact: 50 }), ALLOW, `v${id} raise redact to own level`);
    t.match(change(room, BOB, { redact: 51 }), refusedWith(/cannot set redact to 51, above your level 50/), `v${id} raise above own level`);
    t.match(change(room, BOB, { ban: 50 }), refusedWith(/cannot change ban from 75, above your level 50/), `v${id} change a level above own`);
    t.match(change(room, BOB, { ban: undefined }), refusedWith(/cannot change ban from 75/), `v${id} remove a level above own`);
    t.match(change(room, BOB, { invite: 60 }), refusedWith(/cannot set invite to 60/), `v${id} add a level above own`);
    t.strictSame(change(room, BOB, { invite: 50 }), ALLOW, `v${id} add a level at own`);
    t.strictSame(change(room, BOB, { ban: 75 }), ALLOW, `v${id} unchanged levels above own are fine`);
  }
});

t.test("rules 9.6-9.7/10.7-10.8: events and notifications entries", async (t) => {
  for (const id of VERSIONS) {
    const room = moderated(id);
    const events = (extra: JsonObject | null): JsonObject => {
      const base: JsonObject = { "m.room.name": 75, "m.room.topic": 30, "m.room.power_levels": 50 };
      return extra === null ? base : { ...base, ...extra };
    };
    room.add({ type: "m.room.power_levels", sender: ALICE, state_key: "", content: { ...room.stateEvent("m.room.power_levels")!.content, events: events(null) } });
    t.strictSame(change(room, BOB, { events: events({ "m.room.topic": 50 }) }), ALLOW, `v${id} raise an entry to own level`);
    t.strictSame(change(room, BOB, { events: events({ "m.reaction": 20 }) }), ALLOW, `v${id} add an entry below own level`);
    t.match(change(room, BOB, { events: events({ "m.room.topic": 60 }) }), refusedWith(/cannot set events\["m.room.topic"\] to 60/), `v${id} raise above own`);
    t.match(change(room, BOB, { events: events({ "m.room.name": 10 }) }), refusedWith(/cannot change events\["m.room.name"\] from 75/), `v${id} change an entry above own`);
    const { "m.room.name": _gone, ...withoutName } = events(null);
    t.match(change(room, BOB, { events: withoutName }), refusedWith(/cannot change events\["m.room.name"\] from 75/), `v${id} remove an entry above own`);
    t.match(change(room, BOB, { events: events({ "m.call": 51 }) }), refusedWith(/cannot set events\["m.call"\] to 51/), `v${id} add an entry above own`);
    t.match(change(room, BOB, { notifications: { room: 20 } }), refusedWith(/cannot change notifications\["room"\] from 75/), `v${id} notifications above own`);
    t.match(change(room, BOB, { notifications: { room: 75, "@bob": 80 } }), refusedWith(/cannot set notifications\["@bob"\] to 80/), `v${id} notifications added above own`);
    t.strictSame(change(room, BOB, { notifications: { room: 75, other: 50 } }), ALLOW, `v${id} notifications within reach`);
  }
});

t.test("rules 9.8-9.9/10.9-10.10: users entries", async (t) => {
  for (const id of VERSIONS) {
    const room = moderated(id);
    const users = (extra: Record<string, number | undefined>): JsonObject => {
      const base: Record<string, number | undefined> = { [BOB]: 50, [CAROL]: 50, [DAVE]: 10, ...(id === "12" ? {} : { [ALICE]: 100 }), ...extra };
      return Object.fromEntries(Object.entries(base).filter((e): e is [string, number] => e[1] !== undefined));
    };
    t.strictSame(change(room, BOB, { users: users({ [DAVE]: 50 }) }), ALLOW, `v${id} promote a lower user up to own level`);
    t.strictSame(change(room, BOB, { users: users({ [DAVE]: undefined }) }), ALLOW, `v${id} remove a lower user`);
    t.strictSame(change(room, BOB, { users: users({ "@new:n.example": 50 }) }), ALLOW, `v${id} add a user at own level`);
    t.strictSame(change(room, BOB, { users: users({ [BOB]: 20 }) }), ALLOW, `v${id} demote yourself`);
    t.strictSame(change(room, BOB, { users: users({ [BOB]: undefined }) }), ALLOW, `v${id} remove yourself`);
    t.match(change(room, BOB, { users: users({ [BOB]: 60 }) }), refusedWith(/cannot give @bob:b.example level 60/), `v${id} promote yourself`);
    t.match(change(room, BOB, { users: users({ [CAROL]: 10 }) }), refusedWith(/cannot change the level of @carol:c.example \(50\), which is not below yours \(50\)/), `v${id} demote a peer`);
    t.match(change(room, BOB, { users: users({ [CAROL]: undefined }) }), refusedWith(/cannot change the level of @carol:c.example/), `v${id} remove a peer`);
    t.match(change(room, BOB, { users: users({ [DAVE]: 51 }) }), refusedWith(/cannot give @dave:d.example level 51/), `v${id} promote above own`);
    t.strictSame(change(room, BOB, { users: users({}) }), ALLOW, `v${id} unchanged peers are fine`);
    if (id !== "12") {
      t.match(change(room, BOB, { users: users({ [ALICE]: 0 }) }), refusedWith(/cannot change the level of @alice:a.example \(100\)/), `v${id} demote a superior`);
    }
  }
});

t.test("v12: creators have infinite power over power levels", async (t) => {
  const room = moderated("12");
  t.strictSame(change(room, ALICE, { ban: 1_000_000, users: { [BOB]: 999_999 } }), ALLOW);
  const v11 = moderated("11");
  t.match(change(v11, ALICE, { ban: 1_000_000 }), refusedWith(/above your level 100/), "a v11 creator is bounded by their level");
});

t.test("the power levels event itself needs the send level (state_default or events[m.room.power_levels])", async (t) => {
  for (const id of VERSIONS) {
    const room = moderated(id);
    room.setMembership(DAVE, "invite");
    room.setMembership(DAVE, "join");
    t.match(change(room, DAVE, {}), refusedWith(/m.room.power_levels needs power level 50; @dave:d.example has 10/), `v${id}`);
  }
});
