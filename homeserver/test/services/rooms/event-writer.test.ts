import t from "tap";
import { extremitiesTable } from "../../../src/store/tables/extremities.js";
import { pushActionsTable } from "../../../src/store/tables/push-actions.js";
import { txnIdsTable } from "../../../src/store/tables/txn-ids.js";
import type { BusMessage } from "../../../src/bus/bus.js";
import { txnKey } from "../../../src/services/rooms/event-writer.js";
import { pduOf } from "../../../src/services/rooms/stored-events.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { errorOf, roomsFixture } from "./fixtures.js";
import { allowChannelRedaction } from "../messenger/channel-redaction-helper.js";

const countEvents = async (db: { query: (sql: string) => Promise<any[]> }) => (await db.query("SELECT count(*)::int AS n FROM events"))[0].n as number;

await forEachDatabase(t, "auth refusals: 403 with the reason, nothing stored", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const roomId = await f.makeRoom(alice, { preset: "public_chat" });
  const before = await countEvents(db);
  t.same(await errorOf(f.rooms.send(f.sender(bob), roomId, "m.room.message", "t1", { msgtype: "m.text", body: "hi" })), {
    status: 403, errcode: "M_FORBIDDEN", message: `${bob} is not joined to the room`,
  });
  await f.rooms.join(bob, roomId);
  t.same(await errorOf(f.rooms.putState(f.sender(bob), roomId, "m.room.name", "", { name: "mine" })), {
    status: 403, errcode: "M_FORBIDDEN", message: `m.room.name needs power level 50; ${bob} has 0`,
  });
  t.same(await errorOf(f.rooms.send(f.sender(bob), "!unknown:localhost", "m.room.message", "t2", {})), {
    status: 404, errcode: "M_NOT_FOUND", message: "Room not found",
  });
  t.equal(await countEvents(db), before + 1, "only bob's join was stored");
  t.same(await txnIdsTable.get(db, bob, "DEVICE1", txnKey("send", roomId, "m.room.message", "t1")), null, "a refused send records no transaction ID");
});

await forEachDatabase(t, "transaction IDs: idempotent per device, also after a restart", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const roomId = await f.makeRoom(alice);
  const content = { msgtype: "m.text", body: "once" };
  const first = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "txn-1", content);
  const again = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "txn-1", content);
  const restarted = await f.restart().send(f.sender(alice), roomId, "m.room.message", "txn-1", content);
  t.equal(again, first);
  t.equal(restarted, first);
  const otherDevice = await f.rooms.send(f.sender(alice, "DEVICE2"), roomId, "m.room.message", "txn-1", content);
  t.not(otherDevice, first, "another device's txn-1 is another request");
  const messages = (await f.events(roomId)).filter((e) => e.type === "m.room.message");
  t.same(messages.map((e) => e.eventId), [first, otherDevice]);
  t.same(await txnIdsTable.get(db, alice, "DEVICE1", txnKey("send", roomId, "m.room.message", "txn-1")), { roomId, eventId: first });
  // The spec scopes a transaction ID to the device AND the request path.
  const otherType = await f.rooms.send(f.sender(alice), roomId, "org.example.note", "txn-1", content);
  const otherRoom = await f.makeRoom(alice);
  const inOtherRoom = await f.rooms.send(f.sender(alice), otherRoom, "m.room.message", "txn-1", content);
  await allowChannelRedaction(db); // deleting messages in channels is off unless the org allows it
  const redaction = await f.rooms.redact(f.sender(alice), roomId, otherType, "txn-1");
  t.equal(new Set([first, otherDevice, otherType, inOtherRoom, redaction]).size, 5, "other paths are other requests");
  t.equal(await f.rooms.send(f.sender(alice), otherRoom, "m.room.message", "txn-1", content), inOtherRoom);
  // Concurrent retransmissions still make one event.
  const racing = await Promise.all([1, 2, 3, 4].map(() => f.restart().send(f.sender(alice), roomId, "m.room.message", "txn-2", content)));
  t.equal(new Set(racing).size, 1);
  t.equal((await f.events(roomId)).filter((e) => e.type === "m.room.message").length, 3);
  t.equal((await f.events(roomId)).filter((e) => e.type === "org.example.note").length, 1);
});

await forEachDatabase(t, "concurrent sends in one room make one linear chain", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const roomId = await f.makeRoom(alice);
  const writers = [f.rooms, f.restart(), f.restart()];
  const ids = await Promise.all(
    Array.from({ length: 24 }, (_, i) => writers[i % 3]!.send(f.sender(alice), roomId, "m.room.message", `c${i}`, { msgtype: "m.text", body: `${i}` })),
  );
  t.equal(new Set(ids).size, 24);
  const rows = await f.events(roomId);
  rows.forEach((row, i) => {
    t.equal(row.depth, i + 1, `depth of event ${i}`);
    t.same(pduOf(db, row).prev_events, i === 0 ? [] : [rows[i - 1]!.eventId], `prev_events of event ${i}`);
  });
  t.same(await extremitiesTable.get(db, roomId), [rows.at(-1)!.eventId], "one forward extremity: no forks");
});

await forEachDatabase(t, "push actions: members notified, mentions highlighted, the sender never", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob", "Bob Marsh");
  const carol = await f.user("carol");
  const roomId = await f.makeRoom(alice, { preset: "public_chat" });
  await f.rooms.join(bob, roomId);
  await f.rooms.join(carol, roomId);
  const plain = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "p1", { msgtype: "m.text", body: "shift starts at 7" });
  const rows = await pushActionsTable.forEvent(db, plain);
  t.same(rows.map((r) => [r.userId, r.notify, r.highlight]), [[bob, true, false], [carol, true, false]]);
  t.ok(rows.every((r) => r.roomId === roomId && r.streamPos > 0));

  const mention = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "p2", {
    msgtype: "m.text", body: "Bob: please call", "m.mentions": { user_ids: [bob] },
  });
  t.same((await pushActionsTable.forEvent(db, mention)).map((r) => [r.userId, r.notify, r.highlight]), [[bob, true, true], [carol, true, false]]);

  // Legacy display-name mention (no m.mentions): Bob's room display name.
  const byName = await f.rooms.send(f.sender(carol), roomId, "m.room.message", "p3", { msgtype: "m.text", body: "ask Bob Marsh" });
  t.same((await pushActionsTable.forEvent(db, byName)).map((r) => [r.userId, r.notify, r.highlight]), [[alice, true, false], [bob, true, true]]);

  // Carol's join counts too (Ward's default rules: membership changes notify).
  const counts = await pushActionsTable.countsAfter(db, bob, roomId, 0);
  t.same(counts, { notifications: 4, highlights: 2 });
});

await forEachDatabase(t, "the bus hears of an event only after it is committed", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const roomId = await f.makeRoom(alice, { preset: "public_chat" });
  const seen: Array<{ message: BusMessage; found: unknown }> = [];
  const done = new Promise<void>((resolve) => {
    f.bus.subscribe((message) => {
      if (message.kind !== "stream") return;
      // Read straight away, outside any transaction: the event must already be there.
      void db.query("SELECT event_id FROM events WHERE stream_pos = $1", [message.position]).then(
        (rows) => {
          seen.push({ message, found: rows[0]?.event_id });
          if (seen.length === 2) resolve();
        },
        (err: unknown) => {
          seen.push({ message, found: err });
          resolve();
        },
      );
    });
  });
  const sent = await f.rooms.send(f.sender(alice), roomId, "m.room.message", "b1", { msgtype: "m.text", body: "x" });
  await f.rooms.invite(alice, roomId, bob);
  await done;
  const invite = (await f.events(roomId)).at(-1)!;
  t.same(seen, [
    { message: { kind: "stream", position: invite.streamPos - 1, roomIds: [roomId], userIds: [] }, found: sent },
    { message: { kind: "stream", position: invite.streamPos, roomIds: [roomId], userIds: [bob] }, found: invite.eventId },
  ]);
});
