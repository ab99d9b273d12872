import t from "tap";
import { eventsTable } from "../../../src/store/tables/events.js";
import { pduOf } from "../../../src/services/rooms/stored-events.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { errorOf, roomsFixture } from "./fixtures.js";
import { allowChannelRedaction } from "../messenger/channel-redaction-helper.js";

await forEachDatabase(t, "redaction: own events, or anyone's with the redact level", async (t, db) => {
  const f = await roomsFixture(t, db);
  await allowChannelRedaction(db); // deleting messages in channels is off unless the org allows it
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const roomId = await f.makeRoom(alice, { preset: "public_chat" });
  await f.rooms.join(bob, roomId);
  const fromAlice = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "a1", { msgtype: "m.text", body: "secret" });
  const fromBob = await f.rooms.send(f.sender(bob), roomId, "m.room.message", "b1", { msgtype: "m.text", body: "oops" });

  t.same(await errorOf(f.rooms.redact(f.sender(bob), roomId, fromAlice, "r1")), {
    status: 403, errcode: "M_FORBIDDEN", message: "You may only redact your own events without the room's redact power level",
  });
  t.same(await errorOf(f.rooms.redact(f.sender(bob), roomId, "$missing", "r2")), { status: 404, errcode: "M_NOT_FOUND", message: "Event not found in this room" });

  const carol = await f.user("carol");
  t.same(await errorOf(f.rooms.redact(f.sender(carol), roomId, "$missing", "r0")), {
    status: 403, errcode: "M_FORBIDDEN", message: `${carol} is not joined to the room`,
  }, "outsiders cannot probe for event IDs");
  const own = await f.rooms.redact(f.sender(bob), roomId, fromBob, "r3", "typo");
  t.equal(await f.rooms.redact(f.sender(bob), roomId, fromBob, "r3", "typo"), own, "idempotent per transaction ID");
  const byMod = await f.rooms.redact(f.sender(alice), roomId, fromAlice, "r4");
  t.equal((await eventsTable.get(db, fromBob))?.redactedBy, own);
  t.equal((await eventsTable.get(db, fromAlice))?.redactedBy, byMod);
  const redaction = (await eventsTable.get(db, own))!;
  t.same(f.contentOf(redaction), { reason: "typo", redacts: fromBob }, "v12 keeps redacts in content");

  // What clients see of the redacted event.
  const seen = await f.rooms.event(bob, roomId, fromBob);
  t.same(seen.content, {});
  t.equal((seen.unsigned as any).redacted_because.event_id, own);
  t.equal((seen.unsigned as any).redacted_because.redacts, fromBob);

  // A moderator (power 100) may redact others' events: alice redacts bob's second message.
  const again = await f.rooms.send(f.sender(bob), roomId, "m.room.message", "b2", { msgtype: "m.text", body: "spam" });
  const modRedaction = await f.rooms.redact(f.sender(alice), roomId, again, "r5");
  t.equal((await eventsTable.get(db, again))?.redactedBy, modRedaction);
});

await forEachDatabase(t, "redaction in a version 10 room puts redacts at the top level; /send can redact too", async (t, db) => {
  const f = await roomsFixture(t, db);
  await allowChannelRedaction(db); // deleting messages in channels is off unless the org allows it
  const alice = await f.user("alice");
  const roomId = await f.makeRoom(alice, { room_version: "10" });
  const msg = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "m", { msgtype: "m.text", body: "x" });
  const red = await f.rooms.redact(f.sender(alice), roomId, msg, "r");
  const pdu = pduOf(db, (await eventsTable.get(db, red))!);
  t.equal(pdu.redacts, msg);
  t.same(pdu.content, {});

  const v12 = await f.makeRoom(alice);
  const m2 = await f.rooms.send(f.sender(alice), v12, "m.room.message", "m2", { msgtype: "m.text", body: "y" });
  const viaSend = await f.rooms.send(f.sender(alice), v12, "m.room.redaction", "s1", { redacts: m2 });
  t.equal((await eventsTable.get(db, m2))?.redactedBy, viaSend);
  t.match(await errorOf(f.rooms.send(f.sender(alice), v12, "m.room.redaction", "s2", {})), { status: 400, errcode: "M_INVALID_PARAM" });
});

await forEachDatabase(t, "state events: PUT writes current state; bad input is refused", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const roomId = await f.makeRoom(alice);
  const id = await f.rooms.putState(f.sender(alice), roomId, "m.room.topic", "", { topic: "new" });
  t.same((await f.rooms.stateEvent(alice, roomId, "m.room.topic", ""))?.event_id, id);
  t.match(await errorOf(f.rooms.putState(f.sender(alice), roomId, "m.room.canonical_alias", "", { alias: "#x:localhost" })), {
    status: 400, errcode: "M_BAD_ALIAS",
  });
  await f.rooms.putState(f.sender(alice), roomId, "m.room.canonical_alias", "", {});
  t.match(await errorOf(f.rooms.putState(f.sender(alice), roomId, "m.room.member", "not-a-user", { membership: "join" })), {
    status: 400, errcode: "M_INVALID_PARAM",
  });
  t.match(await errorOf(f.rooms.send(f.sender(alice), roomId, "m.room.message", "big", { body: "x".repeat(70_000) })), {
    status: 413, errcode: "M_TOO_LARGE",
  });
  t.match(await errorOf(f.rooms.putState(f.sender(alice), roomId, "x".repeat(300), "", {})), { status: 400, errcode: "M_BAD_JSON" });
});
