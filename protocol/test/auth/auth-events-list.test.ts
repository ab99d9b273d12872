import t from "tap";
import { checkAuthEventsList } from "../../src/auth/auth-events-list.js";
import type { RoomEvent } from "../../src/events/pdu.js";
import type { RoomFixture } from "./fixtures.js";
import { ALICE, ALLOW, BOB, makeRoom, member, refusedWith, VERSIONS } from "./fixtures.js";

function listOf(room: RoomFixture, event: RoomEvent): RoomEvent[] {
  return event.auth_events.map((id) => room.byId.get(id)!);
}

function withList(room: RoomFixture, event: RoomEvent, authEvents: RoomEvent[]) {
  return checkAuthEventsList({ ...event, auth_events: authEvents.map((e) => e.event_id) }, authEvents, room.version);
}

t.test("a list built by the auth events selection is allowed", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, member(BOB, "invite"));
    const join = room.build({ type: "m.room.member", sender: BOB, state_key: BOB, content: { membership: "join" } });
    t.equal(join.auth_events.length, id === "12" ? 3 : 4, `v${id} create? + power levels + invite + join rules`);
    t.strictSame(checkAuthEventsList(join, listOf(room, join), room.version), ALLOW, `v${id}`);
  }
});

t.test("the create event's own (empty) list is not checked", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id);
    t.strictSame(checkAuthEventsList(room.create, [], room.version), ALLOW, `v${id}`);
  }
});

t.test("every referenced auth event must be supplied, and nothing else", async (t) => {
  const room = makeRoom(ALICE, "11");
  const event = room.build({ type: "m.room.message", sender: ALICE, content: {} });
  const list = listOf(room, event);
  t.match(checkAuthEventsList(event, list.slice(1), room.version), refusedWith(/referenced by the event but was not supplied/));
  const extra = room.stateEvent("m.room.join_rules")!;
  t.match(checkAuthEventsList(event, [...list, extra], room.version), refusedWith(/was supplied but is not in the event's auth_events/));
});

t.test("rule 2.1/3.1: duplicate (type, state_key) entries are refused", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id);
    const oldPl = room.stateEvent("m.room.power_levels")!;
    room.add({ type: "m.room.power_levels", sender: ALICE, state_key: "", content: oldPl.content });
    const event = room.build({ type: "m.room.message", sender: ALICE, content: {} });
    t.match(withList(room, event, [...listOf(room, event), oldPl]), refusedWith(/duplicate entries for \(m.room.power_levels, ""\)/), `v${id}`);
    const twice = { ...event, auth_events: [...event.auth_events, event.auth_events[0]!] };
    t.match(checkAuthEventsList(twice, listOf(room, event), room.version), refusedWith(/duplicate entries/), `v${id} same ID listed twice`);
  }
});

t.test("rule 2.2/3.2: entries the selection would not pick are refused", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, member(BOB, "invite"), member(BOB, "join"));
    const event = room.build({ type: "m.room.message", sender: ALICE, content: {} });
    const joinRules = room.stateEvent("m.room.join_rules")!;
    t.match(withList(room, event, [...listOf(room, event), joinRules]), refusedWith(/is not one the auth events selection picks/), `v${id} join rules on a message`);
    const bobs = room.stateEvent("m.room.member", BOB)!;
    t.match(withList(room, event, [...listOf(room, event), bobs]), refusedWith(/\(m.room.member, "@bob:b.example"\) is not one/), `v${id} someone else's membership`);
    const message = room.add({ type: "m.room.message", sender: ALICE, content: {} });
    t.match(withList(room, event, [...listOf(room, event), message]), refusedWith(/is not a state event/), `v${id} a message`);
  }
});

t.test("rule 2.2 (v10/v11): the create event is required; rule 3.2 (v12): it is forbidden", async (t) => {
  for (const id of ["10", "11"] as const) {
    const room = makeRoom(ALICE, id);
    const event = room.build({ type: "m.room.message", sender: ALICE, content: {} });
    const withoutCreate = listOf(room, event).filter((e) => e.type !== "m.room.create");
    t.match(withList(room, event, withoutCreate), refusedWith(/auth_events has no m.room.create event/), `v${id}`);
  }
  const room = makeRoom(ALICE, "12");
  const event = room.build({ type: "m.room.message", sender: ALICE, content: {} });
  t.equal(event.auth_events.includes(room.create.event_id), false);
  t.match(withList(room, event, [room.create, ...listOf(room, event)]), refusedWith(/must not include the m.room.create event in room version 12/));
});

t.test("rule 2.3/3.3: rejected auth events are refused when the caller says so", async (t) => {
  const room = makeRoom(ALICE, "12");
  const event = room.build({ type: "m.room.message", sender: ALICE, content: {} });
  const pl = room.stateEvent("m.room.power_levels")!.event_id;
  t.match(checkAuthEventsList(event, listOf(room, event), room.version, { isRejected: (eventId: string) => eventId === pl }), refusedWith(/was itself rejected/));
  t.strictSame(checkAuthEventsList(event, listOf(room, event), room.version, { isRejected: () => false }), ALLOW);
});

t.test("rule 2.5/3.5: auth events from another room are refused", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id);
    const other = makeRoom(ALICE, id);
    const event = room.build({ type: "m.room.message", sender: ALICE, content: {} });
    const foreign = listOf(room, event).map((e) => (e.type === "m.room.power_levels" ? other.stateEvent("m.room.power_levels")! : e));
    t.match(withList(room, event, foreign), refusedWith(/belongs to room/), `v${id}`);
  }
});
