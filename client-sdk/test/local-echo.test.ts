/**
 * Local echo against a real server: a send is shown at once, confirmed with
 * its event ID, then replaced by its remote echo; a send the server refuses
 * (the user left the room) is marked failed; a send whose answer was lost is
 * retried with the same transaction ID and lands once.
 */
import t from "tap";
import { clientMessages } from "@ward/protocol";
import { WardApiError, type FetchLike, type PendingEvent } from "../src/index.js";
import { bodyOf, forEachDatabase, newClient, startServer, syncedUntil, waitFor } from "./helpers/ward.js";

t.test("a local echo is confirmed, then replaced by its remote echo", async (t) => {
  await forEachDatabase(t, "echo", async (t, db) => {
    const ward = await startServer(t, db);
    const alice = await newClient(t, ward, "alice");
    await alice.start();
    const room = await alice.createChannel({ name: "Echo", visibility: "private" });
    await syncedUntil(alice, () => room.membership === "join");

    const statuses: string[] = [];
    alice.on("localEcho", ({ pending }) => statuses.push(pending.status));
    const remote = waitFor(alice, "remoteEcho");
    const pending = room.sendMessage("Shown at once");
    t.equal(pending.status, "sending");
    t.same(room.pending, [pending], "the room lists it before the server answers");
    const eventId = await pending.confirmed();
    t.equal(pending.eventId, eventId);
    const echo = await remote;
    t.equal(echo.pending, pending);
    t.equal(echo.event.event_id, eventId);
    t.same(room.pending, [], "the remote echo took its place");
    t.equal(room.timeline.at(-1)?.event_id, eventId);
    t.same(statuses, ["sending", "sent"]);
  });
});

t.test("a send to a room one has left is marked failed", async (t) => {
  await forEachDatabase(t, "failed", async (t, db) => {
    const ward = await startServer(t, db);
    const alice = await newClient(t, ward, "alice");
    await alice.start();
    const room = await alice.createChannel({ name: "Gone", visibility: "private" });
    await syncedUntil(alice, () => room.membership === "join");
    await room.leave();
    await syncedUntil(alice, () => room.membership === "leave");

    const failed = waitFor(alice, "localEcho", (e) => e.pending.status === "failed");
    const pending = room.sendMessage("Too late");
    await failed;
    t.equal(pending.status, "failed");
    t.ok(pending.error instanceof WardApiError);
    t.equal((pending.error as WardApiError).errcode, "M_FORBIDDEN");
    t.equal((pending.error as WardApiError).status, 403);
    await t.rejects(pending.confirmed(), WardApiError);
    t.same(room.pending, [pending], "a failed echo stays until the app retries or drops it");

    const again = waitFor(alice, "localEcho", (e) => e.pending === pending && e.pending.status === "failed");
    pending.retry();
    t.equal(pending.status, "sending");
    await again;
    t.equal(pending.status, "failed", "a retry fails the same way while the user is out of the room");
    t.ok(room.discardPending(pending), "the app may drop it");
    t.same(room.pending, []);
  });
});

t.test("a send whose answer was lost is retried with the same transaction ID and lands once", async (t) => {
  await forEachDatabase(t, "idempotent", async (t, db) => {
    const ward = await startServer(t, db);
    let dropped = 0;
    // Lets the first send reach the server, then loses its answer, as a dropped connection would.
    const lossy: FetchLike = async (url, init) => {
      const res = await fetch(url, init);
      if (init.method === "PUT" && url.includes("/send/") && dropped === 0) {
        dropped++;
        throw new TypeError("connection reset");
      }
      return res;
    };
    const alice = await newClient(t, ward, "alice", { fetch: lossy });
    await alice.start();
    const room = await alice.createChannel({ name: "Lossy", visibility: "private" });
    await syncedUntil(alice, () => room.membership === "join");

    const pending: PendingEvent = room.sendMessage("Only once");
    const eventId = await pending.confirmed();
    t.equal(dropped, 1, "the first answer was lost");
    await syncedUntil(alice, () => room.pending.length === 0);
    const page = await alice.http.call(clientMessages.messages, { params: { roomId: room.roomId }, query: { dir: "b", limit: 50 } });
    const copies = page.chunk.filter((e) => bodyOf(e) === "Only once");
    t.equal(copies.length, 1, "the server made one event");
    t.equal(copies[0]?.event_id, eventId, "and the retry got its ID");
  });
});
