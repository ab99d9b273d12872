/** Which thread an event is in: its own relation (push actions), or following relations (receipt checks). */
import t from "tap";
import type { JsonObject } from "@ward/protocol";
import { directThreadOf, MAIN_THREAD, threadOf } from "../../../src/services/receipts/thread.js";
import { eventsTable } from "../../../src/store/tables/events.js";
import { pushActionsTable } from "../../../src/store/tables/push-actions.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { roomsFixture } from "../rooms/fixtures.js";

const ROOT = `$${"R".repeat(43)}`;

t.test("directThreadOf reads the event's own m.thread relation only", async (t) => {
  t.equal(directThreadOf({ body: "plain" }), MAIN_THREAD);
  t.equal(directThreadOf({ "m.relates_to": { rel_type: "m.thread", event_id: ROOT } }), ROOT);
  t.equal(directThreadOf({ "m.relates_to": { rel_type: "m.annotation", event_id: ROOT, key: "x" } }), MAIN_THREAD);
  t.equal(directThreadOf({ "m.relates_to": { "m.in_reply_to": { event_id: ROOT } } }), MAIN_THREAD);
  for (const bad of [null, "x", [1], { rel_type: "m.thread" }, { rel_type: "m.thread", event_id: 5 }]) {
    t.equal(directThreadOf({ "m.relates_to": bad }), MAIN_THREAD, `malformed: ${JSON.stringify(bad)}`);
  }
});

await forEachDatabase(t, "threadOf follows relations up to three hops; push actions record the direct thread", async (t, db) => {
  const f = await roomsFixture(t, db);
  const alice = await f.user("alice");
  const bob = await f.user("bob");
  const roomId = await f.makeRoom(alice, { preset: "public_chat" });
  await f.rooms.join(bob, roomId);
  let txn = 0;
  const send = (type: string, content: JsonObject) => f.rooms.send(f.sender(alice), roomId, type, `t${++txn}`, content);
  const annotate = (eventId: string) => send("m.reaction", { "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key: `k${txn}` } });
  const root = await send("m.room.message", { msgtype: "m.text", body: "root" });
  const reply = await send("m.room.message", { msgtype: "m.text", body: "reply", "m.relates_to": { rel_type: "m.thread", event_id: root } });
  const hop1 = await annotate(reply);
  const hop2 = await annotate(hop1);
  const hop3 = await annotate(hop2);
  const hop4 = await annotate(hop3);
  const onRoot = await annotate(root);
  const otherRoom = await f.makeRoom(alice, { preset: "public_chat" });
  const foreign = await f.rooms.send(f.sender(alice), otherRoom, "m.room.message", "f1", { msgtype: "m.text", body: "x", "m.relates_to": { rel_type: "m.thread", event_id: root } });
  const viaForeign = await annotate(foreign);

  const thread = async (eventId: string) => {
    const row = await eventsTable.get(db, eventId);
    if (!row) throw new Error(`no event ${eventId}`);
    return threadOf(db, row);
  };
  t.equal(await thread(root), MAIN_THREAD, "a root is in the main timeline");
  t.equal(await thread(reply), root);
  t.equal(await thread(hop1), root);
  t.equal(await thread(hop3), root, "three hops");
  t.equal(await thread(hop4), MAIN_THREAD, "four hops are too many");
  t.equal(await thread(onRoot), MAIN_THREAD, "a reaction to a root is in the main timeline");
  t.equal(await thread(viaForeign), MAIN_THREAD, "relations into another room are not followed");

  const threadIds = async (eventId: string) => (await pushActionsTable.forEvent(db, eventId)).map((r) => [r.userId, r.threadId]);
  t.same(await threadIds(reply), [[bob, root]], "a thread reply's push action is in its thread");
  t.same(await threadIds(root), [[bob, MAIN_THREAD]]);
});
