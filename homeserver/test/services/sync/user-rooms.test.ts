/**
 * userRoomsAt's change flags: each is false only when the read it guards
 * would find nothing in (since, upto], and a woken /sync with one new
 * message in one room then skips those reads (counted here statement by
 * statement).
 */
import t from "tap";
import { computeSync } from "../../../src/services/sync/compute.js";
import { DEFAULT_SYNC_FILTER } from "../../../src/services/filters/sync-filter.js";
import { userRoomsAt } from "../../../src/services/sync/user-rooms.js";
import { currentStreamPosition } from "../../../src/store/stream.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { recordStatements } from "../../helpers/statements.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { createRoom, expectOk, membership, send, setState } from "../../api/client/sync-fixtures.js";

const noTyping = { changedSince: () => [], typingIn: () => [] };

await forEachDatabase(t, "each flag is set by its own kind of change and by nothing else", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const carol = await hs.registerUser("carol");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  const room = encodeURIComponent(roomId);

  /** The flags alice's sync would see for what `act` writes. */
  const flagsFor = async (userId: string, act: () => Promise<unknown>) => {
    const since = await currentStreamPosition(db);
    await act();
    const { rooms, changes } = await userRoomsAt(db, userId, since, await currentStreamPosition(db));
    const r = rooms.find((x) => x.roomId === roomId);
    return { ...changes, events: r?.hasEvents ?? false, state: r?.hasState ?? false, receipts: r?.hasReceipts ?? false };
  };
  const none = { accountData: false, pushRules: false, presence: false, events: false, state: false, receipts: false };

  let eventId = "";
  t.same(await flagsFor(alice.userId, async () => (eventId = await send(hs, bob, roomId, "hello"))), { ...none, events: true }, "a message");
  t.same(await flagsFor(alice.userId, () => setState(hs, alice, roomId, "m.room.topic", { topic: "rota" })), { ...none, events: true, state: true }, "a state event");
  t.same(
    await flagsFor(alice.userId, async () => expectOk("receipt", await hs.request("POST", `/_matrix/client/v3/rooms/${room}/receipt/m.read/${encodeURIComponent(eventId)}`, { token: bob.accessToken, body: {} }))),
    { ...none, receipts: true }, "a receipt",
  );
  t.same(
    await flagsFor(alice.userId, async () => expectOk("account data", await hs.request("PUT", `/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/account_data/org.example.x`, { token: alice.accessToken, body: { a: 1 } }))),
    { ...none, accountData: true }, "account data of the user",
  );
  t.same(
    await flagsFor(alice.userId, async () => expectOk("account data", await hs.request("PUT", `/_matrix/client/v3/user/${encodeURIComponent(bob.userId)}/account_data/org.example.x`, { token: bob.accessToken, body: { a: 1 } }))),
    none, "someone else's account data",
  );
  t.same(
    await flagsFor(alice.userId, async () => expectOk("push rule", await hs.request("PUT", "/_matrix/client/v3/pushrules/global/content/rota", { token: alice.accessToken, body: { pattern: "rota", actions: ["notify"] } }))),
    { ...none, pushRules: true }, "a push rule",
  );
  const bobOnline = async () => expectOk("presence", await hs.request("PUT", `/_matrix/client/v3/presence/${encodeURIComponent(bob.userId)}/status`, { token: bob.accessToken, body: { presence: "unavailable", status_msg: String(Math.random()) } }));
  t.same(await flagsFor(alice.userId, bobOnline), { ...none, presence: true }, "a co-member's presence");
  const carolFlags = await flagsFor(carol.userId, bobOnline);
  t.same({ accountData: carolFlags.accountData, pushRules: carolFlags.pushRules, presence: carolFlags.presence }, { accountData: false, pushRules: false, presence: false }, "a stranger's presence");

  const initial = await userRoomsAt(db, alice.userId, 0, await currentStreamPosition(db));
  t.same(initial.changes, { accountData: true, pushRules: true, presence: true }, "an initial sync reads everything");
  t.ok(initial.rooms.every((r) => r.hasEvents && r.hasState && r.hasReceipts));
  const lonely = await userRoomsAt(db, carol.userId, 1, await currentStreamPosition(db));
  t.same(lonely.rooms, [], "a user without rooms still gets flags");
  t.equal(lonely.changes.accountData, false);
});

await forEachDatabase(t, "a sync woken by one message reads no account data, receipts, presence or state", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  const since = await currentStreamPosition(db);
  const eventId = await send(hs, bob, roomId, "hello");
  const upto = await currentStreamPosition(db);
  const { q, statements } = recordStatements(db);
  const params = { userId: alice.userId, deviceId: alice.deviceId, filter: DEFAULT_SYNC_FILTER, fullState: false, useStateAfter: false, since, sinceTyping: "m1" };
  const result = await computeSync(q, Date.now(), params, { stream: upto, typing: "m1" }, noTyping);
  t.same(result.response.rooms?.join?.[roomId]?.timeline?.events.map((e) => e.event_id), [eventId]);
  const touched = (table: RegExp) => statements.filter((sql) => table.test(sql) && !sql.includes("changed_account_data"));
  t.same(touched(/\baccount_data\b/), [], "no account data read");
  t.same(touched(/\bpush_rules\b/), [], "no push rules read");
  t.same(touched(/JOIN receipts rc ON/), [], "no receipts read");
  t.same(touched(/\bFROM presence\b/), [], "no presence read");
  t.same(touched(/DISTINCT ON \(type, state_key\)/), [], "no state read");
  t.ok(statements.length <= 5, `${statements.length} statements: rooms and flags, timeline, visibility, unread counts (and txn IDs)`);
});

const HEAD = "SELECT position FROM stream_head";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ROOMS = "membership IN ('join', 'invite')";

await forEachDatabase(t, "a long-poll woken by a message reads neither the stream head nor the user's rooms again", async (t, db) => {
  const counting = recordStatements(db);
  const hs = await startTestHomeserver(t, counting.q);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  const since = (await hs.request("GET", "/_matrix/client/v3/sync?timeout=0", { token: bob.accessToken })).json.next_batch as string;
  const waiting = () => hs.context.notifier.waiting;

  // This process has not seen bob poll: the first read learns his rooms, the second follows listening to them.
  counting.clear();
  const poll = hs.request("GET", `/_matrix/client/v3/sync?timeout=10000&since=${since}`, { token: bob.accessToken });
  while (counting.count(ROOMS) < 2 || waiting() === 0) await sleep(5);
  const before = { head: counting.count(HEAD), rooms: counting.count(ROOMS) };
  const eventId = await send(hs, alice, roomId, "hello");
  const res = await poll;
  t.same(res.json.rooms.join[roomId].timeline.events.map((e: { event_id: string }) => e.event_id), [eventId]);
  t.equal(counting.count(HEAD) - before.head, 0, "no stream head read once woken: the announcement gave the position");
  t.equal(counting.count(ROOMS) - before.rooms, 0, "no rooms read once woken: the message did not name bob");

  // An invite wakes bob by name (not by one of his rooms): it arrives the same way.
  const other = await createRoom(hs, alice, { preset: "private_chat" });
  const next = res.json.next_batch as string;
  counting.clear();
  const poll2 = hs.request("GET", `/_matrix/client/v3/sync?timeout=10000&since=${next}`, { token: bob.accessToken });
  while (counting.count(ROOMS) < 1 || waiting() === 0) await sleep(5);
  await sleep(50); // a wrong guess would read again at once
  t.equal(counting.count(ROOMS), 1, "a new request reads head and rooms once: the rooms from bob's last poll were right");
  counting.clear();
  expectOk("invite", await hs.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(other)}/invite`, { token: alice.accessToken, body: { user_id: bob.userId } }));
  const invited = await poll2;
  t.ok(invited.json.rooms.invite[other], "the invite arrives");
  t.equal(counting.count(ROOMS), 2, "a wake-up naming bob reads his rooms again: once to learn them, once more after listening to them");
});
