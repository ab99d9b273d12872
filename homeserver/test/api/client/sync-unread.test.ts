/**
 * GET /sync: unread counts (own messages, read receipts, threads), room
 * summaries and account data (with the computed m.push_rules).
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver, type TestHomeserver } from "../../helpers/homeserver.js";
import { wardDefaultPushRules as defaultPushRules } from "../../../src/services/rooms/push-rules-source.js";
import { allocateStreamPositions } from "../../../src/store/stream.js";
import { accountDataTable, GLOBAL_ACCOUNT_DATA } from "../../../src/store/tables/account-data.js";
import { validateResponse } from "../../helpers/openapi.js";
import { compileReceiptSchemas, NO_RATE_LIMITS, postReadMarkers, postReceipt, receiptOf, threadReply, unreadOf } from "./receipts-helpers.js";
import { createRoom, invite, membership, send, sync } from "./sync-fixtures.js";

const sorted = (o: object | undefined) => Object.keys(o ?? {}).sort();

/** Account data has no API yet: written as its service will, then announced on the bus. */
async function putAccountData(hs: TestHomeserver, userId: string, roomId: string, type: string, content: object): Promise<void> {
  const position = await hs.context.db.transaction(async (tx) => {
    const streamPos = await allocateStreamPositions(tx);
    await accountDataTable.upsert(tx, { userId, roomId, type, content: JSON.stringify(content), streamPos });
    return streamPos;
  });
  await hs.context.bus.publish({ kind: "stream", position, roomIds: [], userIds: [userId] });
}

await forEachDatabase(t, "unread counts: every message notifies, a mention highlights, one's own message reads", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  const start = await sync(hs, bob);
  t.same(start.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 0, highlight_count: 0 });
  await send(hs, alice, roomId, "hello");
  await send(hs, alice, roomId, { msgtype: "m.text", body: "bob, look", "m.mentions": { user_ids: [bob.userId] } });
  const unread = await sync(hs, bob, { since: start.next_batch });
  t.same(unread.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 2, highlight_count: 1 });
  const aliceView = await sync(hs, alice);
  t.same(aliceView.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 0, highlight_count: 0 }, "not for the sender");
  await send(hs, bob, roomId, "seen");
  const read = await sync(hs, bob, { since: unread.next_batch });
  t.same(read.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 0, highlight_count: 0 }, "sending marks the room read");
  await send(hs, alice, roomId, "again");
  const after = await sync(hs, bob);
  t.same(after.rooms?.join?.[roomId]?.unread_notifications, { notification_count: 1, highlight_count: 0 });
});

await forEachDatabase(t, "summary: heroes in join order, never oneself; member counts", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const carol = await hs.registerUser("carol");
  const dave = await hs.registerUser("dave");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  await membership(hs, carol, roomId, "join");
  await invite(hs, alice, roomId, dave.userId);
  const res = await sync(hs, alice);
  t.same(res.rooms?.join?.[roomId]?.summary, { "m.heroes": [bob.userId, carol.userId, dave.userId], "m.joined_member_count": 3, "m.invited_member_count": 1 });
  const bobView = await sync(hs, bob);
  t.same(bobView.rooms?.join?.[roomId]?.summary?.["m.heroes"], [alice.userId, carol.userId, dave.userId]);
  await membership(hs, carol, roomId, "leave");
  const inc = await sync(hs, alice, { since: res.next_batch });
  t.same(inc.rooms?.join?.[roomId]?.summary, { "m.heroes": [bob.userId, dave.userId], "m.joined_member_count": 2, "m.invited_member_count": 1 }, "sent again when membership changes");
  await send(hs, bob, roomId, "chat");
  const quiet = await sync(hs, alice, { since: inc.next_batch });
  t.equal(quiet.rooms?.join?.[roomId]?.summary, undefined, "omitted when nothing changed");
});

await forEachDatabase(t, "account data: global and per room, filtered; m.push_rules computed", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const roomId = await createRoom(hs, alice);
  await putAccountData(hs, alice.userId, GLOBAL_ACCOUNT_DATA, "org.example.settings", { theme: "dark" });
  await putAccountData(hs, alice.userId, GLOBAL_ACCOUNT_DATA, "m.push_rules", { global: {} });
  await putAccountData(hs, alice.userId, roomId, "m.tag", { tags: { "m.favourite": {} } });
  const res = await sync(hs, alice);
  t.same(res.account_data?.events, [
    { type: "org.example.settings", content: { theme: "dark" } },
    { type: "m.push_rules", content: { global: defaultPushRules(alice.userId) } },
  ], "the stored m.push_rules row is not what clients get");
  t.same(res.rooms?.join?.[roomId]?.account_data, { events: [{ type: "m.tag", content: { tags: { "m.favourite": {} } } }] });

  const polling = sync(hs, alice, { since: res.next_batch, timeout: 20_000 });
  await new Promise((r) => setTimeout(r, 100));
  await putAccountData(hs, alice.userId, roomId, "m.tag", { tags: {} });
  const inc = await polling;
  t.same(sorted(inc.rooms?.join), [roomId], "a room with only account data changes appears");
  t.same(inc.rooms?.join?.[roomId]?.account_data, { events: [{ type: "m.tag", content: { tags: {} } }] });
  t.same(inc.rooms?.join?.[roomId]?.timeline?.events, []);
  t.same(inc.account_data, { events: [] });

  const filtered = await sync(hs, alice, { filter: JSON.stringify({ account_data: { not_types: ["m.push_*"] }, room: { account_data: { types: ["nothing"] } } }) });
  t.same(filtered.account_data?.events?.map((e) => e.type), ["org.example.settings"]);
  t.same(filtered.rooms?.join?.[roomId]?.account_data, { events: [] });
});

await forEachDatabase(t, "unread counts: a read receipt at the latest event or read markers clear them; m.fully_read is room account data", async (t, db) => {
  compileReceiptSchemas();
  const hs = await startTestHomeserver(t, db, { config: NO_RATE_LIMITS, clock: () => 7_000 });
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  const first = await send(hs, alice, roomId, "one");
  const second = await send(hs, alice, roomId, { msgtype: "m.text", body: "bob?", "m.mentions": { user_ids: [bob.userId] } });
  const start = await sync(hs, bob);
  t.same(unreadOf(start, roomId), { notification_count: 2, highlight_count: 1 });
  t.equal((await postReceipt(hs, bob, roomId, "m.read", first)).status, 200);
  const partly = await sync(hs, bob, { since: start.next_batch });
  t.same(unreadOf(partly, roomId), { notification_count: 1, highlight_count: 1 }, "read up to the first message");
  t.equal((await postReceipt(hs, bob, roomId, "m.read.private", second)).status, 200);
  const read = await sync(hs, bob, { since: partly.next_batch });
  t.same(unreadOf(read, roomId), { notification_count: 0, highlight_count: 0 }, "a private receipt clears counts too");

  const third = await send(hs, alice, roomId, "three");
  const again = await sync(hs, bob, { since: read.next_batch });
  t.same(unreadOf(again, roomId), { notification_count: 1, highlight_count: 0 });
  t.equal((await postReceipt(hs, bob, roomId, "m.read", first)).status, 200, "a public receipt behind the private one");
  t.same(unreadOf(await sync(hs, bob), roomId), { notification_count: 1, highlight_count: 0 }, "the later of the two counts");

  const markers = await postReadMarkers(hs, bob, roomId, { "m.fully_read": second, "m.read": third });
  t.same([markers.status, markers.json], [200, {}]);
  const marked = await sync(hs, bob, { since: again.next_batch });
  t.same(validateResponse("GET", "/sync", 200, marked), []);
  t.same(unreadOf(marked, roomId), { notification_count: 0, highlight_count: 0 }, "read markers' m.read clears counts");
  t.same(marked.rooms?.join?.[roomId]?.account_data?.events, [{ type: "m.fully_read", content: { event_id: second } }]);
  t.same(receiptOf(marked, roomId), { [third]: { "m.read": { [bob.userId]: { ts: 7_000 } } } }, "and is a receipt like any other");
  const stored = await hs.request("GET", `/_matrix/client/v3/user/${encodeURIComponent(bob.userId)}/rooms/${encodeURIComponent(roomId)}/account_data/m.fully_read`, { token: bob.accessToken });
  t.same([stored.status, stored.json], [200, { event_id: second }]);

  // m.fully_read through /receipt: forward only, never an m.receipt.
  t.equal((await postReceipt(hs, bob, roomId, "m.fully_read", first)).status, 200);
  t.equal((await postReceipt(hs, bob, roomId, "m.fully_read", third)).status, 200);
  const moved = await sync(hs, bob, { since: marked.next_batch });
  t.same(moved.rooms?.join?.[roomId]?.account_data?.events, [{ type: "m.fully_read", content: { event_id: third } }], "moved forward once");
  t.equal(receiptOf(moved, roomId), undefined, "not a receipt");
  const aliceView = await sync(hs, alice, { filter: JSON.stringify({ room: { timeline: { limit: 1 } } }) });
  t.same(aliceView.rooms?.join?.[roomId]?.account_data?.events, [], "alice never sees bob's marker");
});

await forEachDatabase(t, "unread counts: threaded receipts clear only their thread; GET /notifications' read agrees", async (t, db) => {
  const hs = await startTestHomeserver(t, db, { config: NO_RATE_LIMITS });
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  const root = await send(hs, alice, roomId, "root");
  const reply1 = await send(hs, alice, roomId, threadReply(root, "reply 1"));
  const reply2 = await send(hs, alice, roomId, threadReply(root, "reply 2"));
  const main = await send(hs, alice, roomId, "main");
  const counts = async () => unreadOf(await sync(hs, bob), roomId)?.notification_count;
  const readFlags = async () => {
    const res = await hs.request<{ notifications: Array<{ event: { event_id: string }; read: boolean }> }>("GET", "/_matrix/client/v3/notifications", { token: bob.accessToken });
    return Object.fromEntries(res.json.notifications.map((n) => [n.event.event_id, n.read]));
  };
  t.equal(await counts(), 4);

  t.equal((await postReceipt(hs, bob, roomId, "m.read", reply1, { thread_id: root })).status, 200);
  t.equal(await counts(), 3, "the thread's first reply read; the root is in the main timeline");
  t.same(await readFlags(), { [root]: false, [reply1]: true, [reply2]: false, [main]: false });
  t.equal((await postReceipt(hs, bob, roomId, "m.read.private", reply2, { thread_id: root })).status, 200);
  t.equal(await counts(), 2, "a private threaded receipt counts");
  t.equal((await postReceipt(hs, bob, roomId, "m.read", root, { thread_id: "main" })).status, 200);
  t.equal(await counts(), 1, "the main timeline up to the root");
  t.same(await readFlags(), { [root]: true, [reply1]: true, [reply2]: true, [main]: false });
  t.equal((await postReceipt(hs, bob, roomId, "m.read", main, { thread_id: "main" })).status, 200);
  t.equal(await counts(), 0);

  const reply3 = await send(hs, alice, roomId, threadReply(root, "reply 3"));
  const main2 = await send(hs, alice, roomId, "main 2");
  t.equal(await counts(), 2);
  t.equal((await postReceipt(hs, bob, roomId, "m.read", main2, { thread_id: "main" })).status, 200);
  t.equal(await counts(), 1, "the main timeline's receipt leaves the thread unread");
  t.same(await readFlags(), { [root]: true, [reply1]: true, [reply2]: true, [main]: true, [reply3]: false, [main2]: true });
  t.equal((await postReceipt(hs, bob, roomId, "m.read", reply3)).status, 200);
  t.equal(await counts(), 0, "an unthreaded receipt reads every thread up to it");
  t.same(Object.values(await readFlags()), [true, true, true, true, true, true]);
});
