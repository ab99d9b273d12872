/**
 * POST /rooms/{roomId}/receipt/{receiptType}/{eventId} and /read_markers:
 * errors that change nothing, delivery through /sync (public to the room,
 * private to the owner only), receipts that never move backwards, and the
 * wake-ups of long-polling /syncs.
 */
import t from "tap";
import { currentStreamPosition } from "../../../src/store/stream.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { createRoom, invite, membership, send, sync } from "./sync-fixtures.js";
import {
  compileReceiptSchemas, NO_RATE_LIMITS, postReadMarkers, postReceipt, READ_MARKERS, RECEIPT, receiptOf, recordWakes, threadReply,
} from "./receipts-helpers.js";

const UNKNOWN_EVENT = `$${"A".repeat(43)}`;

await forEachDatabase(t, "receipt and read marker errors answer with the right error and change nothing", async (t, db) => {
  compileReceiptSchemas();
  const hs = await startTestHomeserver(t, db, { config: NO_RATE_LIMITS });
  const [alice, bob, carol] = [await hs.registerUser("alice"), await hs.registerUser("bob"), await hs.registerUser("carol")];
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  const root = await send(hs, alice, roomId, "root");
  const reply = await send(hs, alice, roomId, threadReply(root, "in the thread"));
  const main = await send(hs, alice, roomId, "main timeline");
  const otherRoom = await createRoom(hs, alice, { preset: "public_chat" });
  const elsewhere = await send(hs, alice, otherRoom, "elsewhere");
  const secretRoom = await createRoom(hs, alice, {
    preset: "public_chat", initial_state: [{ type: "m.room.history_visibility", state_key: "", content: { history_visibility: "joined" } }],
  });
  const secret = await send(hs, alice, secretRoom, "before bob joined");
  await membership(hs, bob, secretRoom, "join");

  const before = await currentStreamPosition(db);
  const { wakes, stop } = recordWakes(hs);
  const check = (res: { status: number; json: any }, status: number, errcode: string, what: string) => {
    t.same([res.status, res.json?.errcode], [status, errcode], what);
    t.same(validateError(res.json), [], `${what}: error shape`);
  };
  check(await postReceipt(hs, bob, roomId, "m.bogus", main), 400, "M_INVALID_PARAM", "unknown receipt type");
  check(await postReceipt(hs, bob, roomId, "m.read", main, { thread_id: "" }), 400, "M_INVALID_PARAM", "empty thread_id");
  check(await postReceipt(hs, bob, roomId, "m.read", main, { thread_id: "nope" }), 400, "M_INVALID_PARAM", "thread_id neither main nor an event ID");
  check(await postReceipt(hs, bob, roomId, "m.read", main, { thread_id: 5 }), 400, "M_BAD_JSON", "thread_id not a string");
  check(await postReceipt(hs, bob, roomId, "m.fully_read", main, { thread_id: "main" }), 400, "M_INVALID_PARAM", "thread_id with m.fully_read");
  check(await postReceipt(hs, bob, roomId, "m.read", main, { thread_id: root }), 400, "M_INVALID_PARAM", "main-timeline event under a thread");
  check(await postReceipt(hs, bob, roomId, "m.read", reply, { thread_id: "main" }), 400, "M_INVALID_PARAM", "threaded event under main");
  check(await postReceipt(hs, bob, roomId, "m.read", reply, { thread_id: main }), 400, "M_INVALID_PARAM", "threaded event under another root");
  check(await postReceipt(hs, carol, roomId, "m.read", main), 403, "M_FORBIDDEN", "not joined");
  check(await postReceipt(hs, carol, `!nosuchroom:${hs.config.serverName}`, "m.read", main), 404, "M_NOT_FOUND", "unknown room: not found (as a hidden one would be)");
  check(await postReceipt(hs, bob, roomId, "m.read", UNKNOWN_EVENT), 404, "M_NOT_FOUND", "unknown event");
  check(await postReceipt(hs, bob, roomId, "m.read", "not-an-event"), 404, "M_NOT_FOUND", "malformed event ID");
  check(await postReceipt(hs, bob, roomId, "m.read", elsewhere), 404, "M_NOT_FOUND", "event of another room");
  check(await postReceipt(hs, bob, secretRoom, "m.read", secret), 404, "M_NOT_FOUND", "event the user may not see");
  check(await postReceipt(hs, bob, roomId, "m.fully_read", UNKNOWN_EVENT), 404, "M_NOT_FOUND", "m.fully_read at an unknown event");
  check(await postReadMarkers(hs, carol, roomId, { "m.fully_read": main }), 403, "M_FORBIDDEN", "read markers, not joined");
  check(await postReadMarkers(hs, bob, roomId, { "m.fully_read": main, "m.read": UNKNOWN_EVENT }), 404, "M_NOT_FOUND", "one unknown event fails the whole request");
  check(await postReadMarkers(hs, bob, roomId, { "m.fully_read": main, "m.read.private": secret }), 404, "M_NOT_FOUND", "event of another room in read markers");
  check(await postReadMarkers(hs, bob, roomId, { "m.read": 5 }), 400, "M_BAD_JSON", "read marker not a string");
  check(await hs.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/receipt/m.read/${encodeURIComponent(main)}`, { body: {} }), 401, "M_MISSING_TOKEN", "no token");
  stop();

  t.equal(await currentStreamPosition(db), before, "no stream position taken");
  t.same(wakes, [], "nobody woken");
  t.same(await db.query("SELECT * FROM receipts"), [], "no receipt stored");
  t.same(await db.query("SELECT * FROM account_data WHERE type = 'm.fully_read'"), [], "no marker stored");
});

await forEachDatabase(t, "public receipts reach the room, private ones only their owner, initial and incremental", async (t, db) => {
  compileReceiptSchemas();
  let now = 1_000;
  const hs = await startTestHomeserver(t, db, { config: NO_RATE_LIMITS, clock: () => now });
  const [alice, bob] = [await hs.registerUser("alice"), await hs.registerUser("bob")];
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  const [m1, m2, m3] = [await send(hs, alice, roomId, "one"), await send(hs, alice, roomId, "two"), await send(hs, alice, roomId, "three")];
  const aliceStart = await sync(hs, alice);
  const bobStart = await sync(hs, bob);
  t.equal(receiptOf(aliceStart, roomId), undefined, "no receipts yet");

  const sent = await postReceipt(hs, bob, roomId, "m.read", m1);
  t.same([sent.status, sent.json], [200, {}]);
  t.same(validateResponse("POST", RECEIPT, 200, sent.json), []);
  now = 2_000;
  t.equal((await postReceipt(hs, bob, roomId, "m.read.private", m2)).status, 200);

  const aliceInc = await sync(hs, alice, { since: aliceStart.next_batch });
  t.same(validateResponse("GET", "/sync", 200, aliceInc), []);
  t.same(aliceInc.rooms?.join?.[roomId]?.timeline?.events, [], "the room appears for its receipt alone");
  t.same(receiptOf(aliceInc, roomId), { [m1]: { "m.read": { [bob.userId]: { ts: 1_000 } } } }, "bob's public receipt, not his private one");
  const bobInc = await sync(hs, bob, { since: bobStart.next_batch });
  t.same(receiptOf(bobInc, roomId), { [m1]: { "m.read": { [bob.userId]: { ts: 1_000 } } }, [m2]: { "m.read.private": { [bob.userId]: { ts: 2_000 } } } }, "bob sees his own private receipt");
  const aliceInitial = await sync(hs, alice);
  t.same(validateResponse("GET", "/sync", 200, aliceInitial), []);
  t.same(receiptOf(aliceInitial, roomId), { [m1]: { "m.read": { [bob.userId]: { ts: 1_000 } } } }, "initial sync: every current public receipt");
  t.same(receiptOf(await sync(hs, bob), roomId), receiptOf(bobInc, roomId), "initial sync: the owner's private receipt too");

  // Only what changed since the token: bob's receipt moves to m2, alice's appears.
  now = 3_000;
  t.equal((await postReceipt(hs, bob, roomId, "m.read", m2)).status, 200);
  t.equal((await postReceipt(hs, alice, roomId, "m.read", m3)).status, 200);
  const aliceNext = await sync(hs, alice, { since: aliceInc.next_batch });
  t.same(receiptOf(aliceNext, roomId), { [m2]: { "m.read": { [bob.userId]: { ts: 3_000 } } }, [m3]: { "m.read": { [alice.userId]: { ts: 3_000 } } } });

  // A private receipt alone: nothing for alice.
  t.equal((await postReceipt(hs, bob, roomId, "m.read.private", m3)).status, 200);
  const aliceQuiet = await sync(hs, alice, { since: aliceNext.next_batch });
  t.equal(aliceQuiet.rooms?.join?.[roomId], undefined, "another's private receipt does not show the room");
  const bobQuiet = await sync(hs, bob, { since: bobInc.next_batch });
  t.same(receiptOf(bobQuiet, roomId), {
    [m2]: { "m.read": { [bob.userId]: { ts: 3_000 } } },
    [m3]: { "m.read": { [alice.userId]: { ts: 3_000 } }, "m.read.private": { [bob.userId]: { ts: 3_000 } } },
  });

  // A filter's ephemeral part applies.
  const filtered = await sync(hs, alice, { filter: JSON.stringify({ room: { ephemeral: { not_types: ["m.receipt"] } } }) });
  t.equal(receiptOf(filtered, roomId), undefined, "filtered out");
});

await forEachDatabase(t, "receipts never move backwards; threads and types are kept apart", async (t, db) => {
  compileReceiptSchemas();
  let now = 1_000;
  const hs = await startTestHomeserver(t, db, { config: NO_RATE_LIMITS, clock: () => now });
  const [alice, bob] = [await hs.registerUser("alice"), await hs.registerUser("bob")];
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  const root = await send(hs, alice, roomId, "root");
  const reply = await send(hs, alice, roomId, threadReply(root, "reply"));
  const later = await send(hs, alice, roomId, "later");
  t.equal((await postReceipt(hs, bob, roomId, "m.read", later)).status, 200);

  now = 2_000;
  const position = await currentStreamPosition(db);
  const { wakes, stop } = recordWakes(hs);
  for (const eventId of [root, later]) {
    const res = await postReceipt(hs, bob, roomId, "m.read", eventId);
    t.same([res.status, res.json], [200, {}], "an older or the same event is accepted");
  }
  const markers = await postReadMarkers(hs, bob, roomId, { "m.read": root });
  t.same([markers.status, markers.json], [200, {}]);
  t.same(validateResponse("POST", READ_MARKERS, 200, markers.json), []);
  stop();
  t.equal(await currentStreamPosition(db), position, "no stream position taken");
  t.same(wakes, [], "nobody woken");

  // Each (type, thread) is its own receipt: these are all stored, older or not.
  t.equal((await postReceipt(hs, bob, roomId, "m.read", root, { thread_id: "main" })).status, 200);
  t.equal((await postReceipt(hs, bob, roomId, "m.read", reply, { thread_id: root })).status, 200);
  t.equal((await postReceipt(hs, bob, roomId, "m.read.private", root)).status, 200);
  const res = await sync(hs, bob);
  t.same(receiptOf(res, roomId), {
    [later]: { "m.read": { [bob.userId]: { ts: 1_000 } } },
    [root]: { "m.read": { [bob.userId]: { ts: 2_000, thread_id: "main" } }, "m.read.private": { [bob.userId]: { ts: 2_000 } } },
    [reply]: { "m.read": { [bob.userId]: { ts: 2_000, thread_id: root } } },
  });
  t.same(validateResponse("GET", "/sync", 200, res), []);
  const rows = await db.query<{ receipt_type: string; thread_id: string; event_id: string }>(
    "SELECT receipt_type, thread_id, event_id FROM receipts WHERE user_id = $1 ORDER BY receipt_type, thread_id", [bob.userId],
  );
  t.same(rows.map((r) => [r.receipt_type, r.thread_id, r.event_id]), [["m.read", "", later], ["m.read", root, reply], ["m.read", "main", root], ["m.read.private", "", root]]);

  // A reaction to a threaded message is in that thread (relations are followed).
  const reaction = await send(hs, alice, roomId, { "m.relates_to": { rel_type: "m.annotation", event_id: reply, key: "👍" } }, { type: "m.reaction" });
  t.equal((await postReceipt(hs, bob, roomId, "m.read", reaction, { thread_id: root })).status, 200);
  t.equal((await postReceipt(hs, bob, roomId, "m.read", reaction, { thread_id: "main" })).status, 400);
});

await forEachDatabase(t, "a receipt wakes the room's long-polls; a private one only its owner's", async (t, db) => {
  compileReceiptSchemas();
  const hs = await startTestHomeserver(t, db, { config: NO_RATE_LIMITS, clock: () => 5_000 });
  const [alice, bob] = [await hs.registerUser("alice"), await hs.registerUser("bob")];
  const roomId = await createRoom(hs, alice);
  await invite(hs, alice, roomId, bob.userId);
  await membership(hs, bob, roomId, "join");
  const [m1, m2] = [await send(hs, alice, roomId, "one"), await send(hs, alice, roomId, "two")];
  const start = await sync(hs, alice);

  const polling = sync(hs, alice, { since: start.next_batch, timeout: 20_000 });
  await new Promise((r) => setTimeout(r, 100));
  const { wakes, stop } = recordWakes(hs);
  t.equal((await postReceipt(hs, bob, roomId, "m.read", m1)).status, 200);
  const woken = await polling;
  t.same(receiptOf(woken, roomId), { [m1]: { "m.read": { [bob.userId]: { ts: 5_000 } } } }, "the long-poll returns with the receipt");

  // A waiting listener of alice's is told of a public receipt in her room.
  const listener = hs.context.notifier.listen({ userId: alice.userId, roomIds: new Set([roomId]) });
  const reason = listener.wait(60_000);
  t.equal((await postReceipt(hs, bob, roomId, "m.read", m2)).status, 200);
  t.equal(await reason, "changed");
  t.equal((await postReceipt(hs, bob, roomId, "m.read.private", m2)).status, 200);
  t.equal((await postReadMarkers(hs, bob, roomId, { "m.fully_read": m2 })).status, 200);
  stop();
  t.same(wakes.map((w) => [w.roomIds, w.userIds]), [[[roomId], []], [[roomId], []], [[], [bob.userId]], [[], [bob.userId]]], "public: the room; private and markers: the user");
  t.ok(wakes.every((w, i) => i === 0 || w.position > (wakes[i - 1]?.position ?? 0)), "each at a new position");
});
