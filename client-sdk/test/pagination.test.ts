/**
 * Back-pagination through 50 messages with a window smaller than the
 * history: every message comes back once, in order, and the window stays
 * within its bound.
 */
import t from "tap";
import { bodyOf, forEachDatabase, login, newClient, PASSWORD, startServer, syncedUntil } from "./helpers/ward.js";

t.test("paginate back through 50 messages", async (t) => {
  await forEachDatabase(t, "paginate", async (t, db) => {
    const ward = await startServer(t, db);
    const alice = await newClient(t, ward, "alice");
    await ward.register("bob", PASSWORD);
    await alice.start();
    const room = await alice.createChannel({ name: "History", visibility: "private", invite: ["@bob:localhost"] });
    const sent: string[] = [];
    for (let i = 1; i <= 50; i++) sent.push(`message ${i}`);
    // Sent without waiting one by one: the SDK queues them per room, so they land in order.
    const pending = sent.map((body) => room.sendMessage(body));
    await Promise.all(pending.map((p) => p.confirmed()));

    const bob = await login(t, ward.url, "bob", { timelineLimit: 30, syncTimelineLimit: 10 });
    await bob.start();
    const bobRoom = await bob.joinRoom(room.roomId);
    await syncedUntil(bob, () => bobRoom.membership === "join");
    const initial = bobRoom.timeline.map(bodyOf).filter((b) => b !== undefined);
    t.same(initial, sent.slice(-initial.length), "the join shows the latest messages");
    t.ok(initial.length < 50, "but not all of them");

    const older: string[] = [];
    let pages = 0;
    while (bobRoom.canPaginateBack) {
      const page = await bobRoom.paginateBack(15);
      older.unshift(...page.events.map(bodyOf).filter((b) => b !== undefined));
      t.ok(bobRoom.timeline.length <= 30, "the window stays within its bound");
      if (++pages > 20) throw new Error("pagination does not end");
    }
    t.same([...older, ...initial], sent, "every message exactly once, in order");

    const window = bobRoom.timeline;
    t.equal(window.length, 30, "older pages filled the window up to its bound");
    t.same(window.map(bodyOf).filter((b) => b !== undefined).slice(-initial.length), initial, "and the window still ends with the newest events");
    t.equal(window.at(-1)?.type, "m.room.member", "Bob's own join is the newest event");
    const again = await bobRoom.paginateBack(15);
    t.same(again, { events: [], others: [], hasMore: false }, "at the start of the room there is nothing more");
  });
});
