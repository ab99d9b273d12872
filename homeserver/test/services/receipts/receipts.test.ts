/** The receipts service on its own: concurrent writers, read markers as one change, and what they wake. */
import t from "tap";
import type { StreamWake } from "../../../src/bus/bus.js";
import { createReceiptsService } from "../../../src/services/receipts/index.js";
import { currentStreamPosition } from "../../../src/store/stream.js";
import { accountDataTable } from "../../../src/store/tables/account-data.js";
import { receiptsTable, UNTHREADED } from "../../../src/store/tables/receipts.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { errorOf, roomsFixture } from "../rooms/fixtures.js";

async function setup(t: Parameters<Parameters<typeof forEachDatabase>[2]>[0], db: Parameters<Parameters<typeof forEachDatabase>[2]>[1]) {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const roomId = await f.makeRoom(alice, { preset: "public_chat" });
  await f.rooms.join(bob, roomId);
  const messages: string[] = [];
  for (let i = 0; i < 6; i++) messages.push(await f.rooms.send(f.sender(alice), roomId, "m.room.message", `m${i}`, { msgtype: "m.text", body: `m${i}` }));
  const wakes: StreamWake[] = [];
  t.teardown(f.bus.subscribe((m) => void (m.kind === "stream" && wakes.push(m))));
  return { f, alice, bob, roomId, messages, wakes, receipts: createReceiptsService(f.ctx) };
}

await forEachDatabase(t, "concurrent receipts end at the latest event", async (t, db) => {
  const { bob, roomId, messages, receipts } = await setup(t, db);
  // Shuffled so that older events often commit after newer ones.
  const order = [3, 5, 0, 4, 1, 2];
  await Promise.all(order.map((i) => receipts.sendReceipt(bob, roomId, "m.read", messages[i]!, undefined)));
  t.equal((await receiptsTable.get(db, roomId, "m.read", bob, UNTHREADED))?.eventId, messages[5]);
});

await forEachDatabase(t, "read markers: one stream position, one wake-up, only what moves forward", async (t, db) => {
  const { f, bob, roomId, messages, wakes, receipts } = await setup(t, db);
  const [, m1, m2, m3] = messages as [string, string, string, string];
  const before = await currentStreamPosition(db);
  await receipts.setReadMarkers(bob, roomId, { fullyRead: m1, read: m2, readPrivate: m3 });
  const position = before + 1;
  t.equal(await currentStreamPosition(db), position, "one position");
  t.same(wakes, [{ kind: "stream", position, roomIds: [roomId], userIds: [bob] }], "one wake-up: the room (public) and bob (private, marker)");
  t.same((await receiptsTable.get(db, roomId, "m.read", bob, UNTHREADED))?.streamPos, position);
  t.same((await receiptsTable.get(db, roomId, "m.read.private", bob, UNTHREADED))?.streamPos, position);
  t.same(await accountDataTable.get(db, bob, roomId, "m.fully_read"), { userId: bob, roomId, type: "m.fully_read", content: JSON.stringify({ event_id: m1 }), streamPos: position });

  // Only the marker moves: bob alone is woken.
  await receipts.setReadMarkers(bob, roomId, { fullyRead: m2, read: m1, readPrivate: m3 });
  t.same(wakes.slice(1), [{ kind: "stream", position: position + 1, roomIds: [], userIds: [bob] }]);
  t.equal((await receiptsTable.get(db, roomId, "m.read", bob, UNTHREADED))?.eventId, m2, "m.read stayed");
  await receipts.setReadMarkers(bob, roomId, {});
  await receipts.setReadMarkers(bob, roomId, { fullyRead: m1 });
  t.equal(wakes.length, 2, "nothing to move: nothing written, nobody woken");
  t.equal(await currentStreamPosition(db), position + 1);

  const carol = await f.user("carol");
  t.same(await errorOf(receipts.setReadMarkers(carol, roomId, {})), { status: 403, errcode: "M_FORBIDDEN", message: "You are not in this room" }, "even an empty request needs membership");
});
