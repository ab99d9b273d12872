/**
 * The homeserver stops and starts again on the same database while a client
 * keeps syncing: the client backs off, resumes from its token and sees every
 * event exactly once, including a message sent while the server was down
 * (the sender retries it under the same transaction ID). Then the client
 * itself restarts (a new client object on the same session and store, as a
 * bot process would) after more than one sync answer's worth of messages:
 * it resumes from the stored token, fills the gap from /messages and again
 * sees each message once.
 */
import t from "tap";
import { MemorySyncStore, WardClient, type RoomEvent } from "../src/index.js";
import { bodyOf, FAST_RETRIES, forEachDatabase, login, newClient, PASSWORD, startServer, syncedUntil, waitFor } from "./helpers/ward.js";

t.test("sync resumes after a homeserver restart without losing or repeating an event", async (t) => {
  await forEachDatabase(t, "restart", async (t, db) => {
    const first = await startServer(t, db);
    const port = Number(new URL(first.url).port);
    const alice = await newClient(t, first, "alice");
    await first.register("bob", PASSWORD);
    const store = new MemorySyncStore();
    const bob = await login(t, first.url, "bob", { store, syncTimelineLimit: 5 });

    const seen: RoomEvent[] = [];
    bob.on("timeline", ({ event, live }) => {
      if (live) seen.push(event);
    });
    await alice.start();
    await bob.start();
    const room = await alice.createChannel({ name: "Night shift", visibility: "public" });
    await bob.joinRoom(room.roomId);
    await syncedUntil(bob, () => bob.getRoom(room.roomId)?.membership === "join");

    for (const body of ["before 1", "before 2"]) await room.sendMessage(body).confirmed();
    await syncedUntil(bob, () => seen.some((e) => bodyOf(e) === "before 2"));
    const tokenBefore = await store.getSyncToken();

    const reconnecting = waitFor(bob, "syncState", (s) => s.state === "reconnecting");
    await first.close();
    await reconnecting;
    // Sent while the server is down: the sender keeps retrying it.
    const duringDowntime = room.sendMessage("while down");

    const second = await startServer(t, db, { ...first.config, listen: { host: "127.0.0.1", port } });
    t.equal(second.url, first.url, "the server is back at the same address");
    await duringDowntime.confirmed();
    const after: string[] = [];
    for (let i = 1; i <= 3; i++) after.push(`after ${i}`);
    for (const body of after) await room.sendMessage(body).confirmed();
    await syncedUntil(bob, () => seen.some((e) => bodyOf(e) === "after 3"));

    t.not(await store.getSyncToken(), tokenBefore, "the stored token moved on");
    const bodies = seen.map(bodyOf).filter((b) => b !== undefined);
    t.same(bodies, ["before 1", "before 2", "while down", ...after], "each message seen once, in order");
    t.equal(new Set(seen.map((e) => e.event_id)).size, seen.length, "no event delivered twice");
    t.equal(bob.syncState, "syncing");

    // The client goes away; twelve messages (more than one answer's five) arrive meanwhile.
    await bob.stop();
    const missed: string[] = [];
    for (let i = 1; i <= 12; i++) missed.push(`missed ${i}`);
    for (const body of missed) await room.sendMessage(body).confirmed();

    const restarted = new WardClient({ baseUrl: second.url, accessToken: bob.accessToken!, userId: bob.userId, store, syncTimelineLimit: 5, ...FAST_RETRIES });
    t.teardown(() => restarted.stop());
    const resumed: RoomEvent[] = [];
    let gaps = 0;
    restarted.on("timelineGap", () => gaps++);
    restarted.on("timeline", ({ event, live }) => {
      if (live) resumed.push(event);
    });
    await restarted.start();
    t.same(resumed.map(bodyOf), missed, "every missed message once, in order, none from before");
    t.equal(gaps, 0, "the gap was filled");
    const again = restarted.getRoom(room.roomId);
    t.equal(again?.membership, "join", "the first answer after resuming brings the room's state");
    t.equal(again?.name, "Night shift");
  });
});
