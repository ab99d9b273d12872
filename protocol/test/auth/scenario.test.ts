import t from "tap";
import { checkAuthEventsList } from "../../src/auth/auth-events-list.js";
import { checkEventAuth } from "../../src/auth/check.js";
import type { JsonObject } from "../../src/json.js";
import type { RoomEvent, StateMap } from "../../src/events/pdu.js";
import { stateKeyOf } from "../../src/events/pdu.js";
import { ALICE, BOB, CAROL, DAVE, fakeSignatures, joinRule, makeRoom, member, powerLevels, VERSIONS } from "./fixtures.js";

/**
 * A whole room's life replayed event by event: each event must pass both the
 * auth_events list rules (against the events it cites) and the state rules
 * (against the room state just before it). This also proves the fixtures
 * build rooms the rules accept, for other suites that reuse them.
 */
t.test("a realistic room history passes the rules event by event", async (t) => {
  for (const id of VERSIONS) {
    const users: JsonObject = id === "12" ? { [BOB]: 50 } : { [ALICE]: 100, [BOB]: 50 };
    const room = makeRoom(ALICE, id,
      powerLevels({ users }),
      joinRule("knock_restricted", { allow: [{ type: "m.room_membership", room_id: "!other:a.example" }] }),
      member(BOB, "invite"), member(BOB, "join"),
      (r) => r.add({ type: "m.room.name", sender: ALICE, state_key: "", content: { name: "Ward" } }),
      (r) => r.add({ type: "m.room.message", sender: BOB, content: { body: "hello" } }),
      member(CAROL, "knock"), member(CAROL, "invite", { sender: BOB }), member(CAROL, "join"),
      (r) => r.add({ type: "m.room.member", sender: DAVE, state_key: DAVE, content: { membership: "join", join_authorised_via_users_server: BOB }, signatures: fakeSignatures("d.example", "b.example") }),
      member(DAVE, "ban", { sender: BOB }), member(DAVE, "leave", { sender: ALICE }),
      member(CAROL, "leave"),
    );
    const state: StateMap<RoomEvent> = new Map();
    for (const event of room.events) {
      const cited = event.auth_events.map((e) => room.byId.get(e)!);
      const list = checkAuthEventsList(event, cited, room.version);
      const rules = checkEventAuth(event, state, room.version);
      t.strictSame({ list, rules }, { list: { allowed: true }, rules: { allowed: true } }, `v${id} ${event.type} ${event.state_key ?? ""} ${String(event.content["membership"] ?? "")}`);
      if (typeof event.state_key === "string") state.set(stateKeyOf(event.type, event.state_key), event);
    }
    t.equal(room.events.length, 17, `v${id} replayed every event`);
  }
});
