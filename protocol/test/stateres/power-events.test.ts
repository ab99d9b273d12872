import t from "tap";
import { isPowerEvent } from "../../src/stateres/index.js";
import type { JsonObject } from "../../src/json.js";
import type { RoomEvent } from "../../src/events/pdu.js";
import { ALICE, BOB } from "./fixtures.js";

function event(type: string, sender: string, stateKey: string | undefined, content: JsonObject): RoomEvent {
  return {
    event_id: "$E", room_id: "!r:example.org", sender, origin_server_ts: 1, type, content,
    ...(stateKey === undefined ? {} : { state_key: stateKey }),
    prev_events: [], auth_events: [], depth: 1, hashes: { sha256: "" }, signatures: {},
  };
}

t.test("power levels and join rules are power events", async (t) => {
  t.equal(isPowerEvent(event("m.room.power_levels", ALICE, "", {})), true);
  t.equal(isPowerEvent(event("m.room.join_rules", ALICE, "", { join_rule: "invite" })), true);
  // The definition names the type only.
  t.equal(isPowerEvent(event("m.room.join_rules", ALICE, "odd", {})), true);
});

t.test("kicks and bans are power events; self-leaves and other memberships are not", async (t) => {
  t.equal(isPowerEvent(event("m.room.member", ALICE, BOB, { membership: "leave" })), true, "kick");
  t.equal(isPowerEvent(event("m.room.member", ALICE, BOB, { membership: "ban" })), true, "ban");
  t.equal(isPowerEvent(event("m.room.member", BOB, BOB, { membership: "leave" })), false, "leave");
  t.equal(isPowerEvent(event("m.room.member", BOB, BOB, { membership: "ban" })), false, "self-ban");
  t.equal(isPowerEvent(event("m.room.member", ALICE, BOB, { membership: "invite" })), false, "invite");
  t.equal(isPowerEvent(event("m.room.member", BOB, BOB, { membership: "join" })), false, "join");
  t.equal(isPowerEvent(event("m.room.member", ALICE, BOB, {})), false, "no membership");
});

t.test("other events are not power events", async (t) => {
  t.equal(isPowerEvent(event("m.room.create", ALICE, "", {})), false);
  t.equal(isPowerEvent(event("m.room.topic", ALICE, "", { topic: "x" })), false);
  t.equal(isPowerEvent(event("m.room.power_levels", ALICE, undefined, {})), false, "not a state event");
});
