import t from "tap";
import type { Database } from "../../../src/store/database.js";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import { startTestHomeserver, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { V3 } from "./room-helpers.js";
import { createRoom, membership, sync, type SyncResponse } from "./sync-fixtures.js";

const statusPath = (userId: string) => `${V3}/presence/${encodeURIComponent(userId)}/status`;

type Clock = { offset: number };

/** A homeserver whose clock tests can move, and alice, bob (sharing a room) and carol (sharing nothing). */
async function presenceHttp(t: Tap, db: Database) {
  // Compile the schemas before the server starts (see room-helpers.ts for why).
  validateResponse("GET", "/presence/{userId}/status", 200, {});
  validateResponse("PUT", "/presence/{userId}/status", 200, {});
  validateResponse("GET", "/sync", 200, {});
  validateError({});
  const clock: Clock = { offset: 0 };
  const hs = await startTestHomeserver(t, db, { clock: () => Date.now() + clock.offset });
  const [alice, bob, carol] = [await hs.registerUser("alice"), await hs.registerUser("bob"), await hs.registerUser("carol")];
  const roomId = await createRoom(hs, alice, { preset: "public_chat" });
  await membership(hs, bob, roomId, "join");
  return { hs, clock, alice, bob, carol, roomId };
}

function put(hs: TestHomeserver, user: TestUser, body: unknown, target = user.userId) {
  return hs.request("PUT", statusPath(target), { token: user.accessToken, body });
}

function get(hs: TestHomeserver, viewer: TestUser, target: string) {
  return hs.request("GET", statusPath(target), { token: viewer.accessToken });
}

/** The m.presence events a /sync response carries, by sender. */
function presenceOf(res: SyncResponse): Map<string, Record<string, unknown>> {
  return new Map((res.presence?.events ?? []).map((e) => [(e as { sender: string }).sender, e.content as Record<string, unknown>]));
}

await forEachDatabase(t, "PUT and GET round trip, seen by a co-member", async (t, db) => {
  const { hs, alice, bob } = await presenceHttp(t, db);
  const unknown = await get(hs, alice, bob.userId);
  t.same([unknown.status, unknown.json], [200, { presence: "offline" }], "no presence yet: offline");
  t.same(validateResponse("GET", "/presence/{userId}/status", 200, unknown.json), []);

  const set = await put(hs, alice, { presence: "online", status_msg: "In clinic" });
  t.same([set.status, set.json], [200, {}]);
  t.same(validateResponse("PUT", "/presence/{userId}/status", 200, set.json), []);
  for (const viewer of [alice, bob]) {
    const got = await get(hs, viewer, alice.userId);
    t.equal(got.status, 200);
    t.same(validateResponse("GET", "/presence/{userId}/status", 200, got.json), []);
    t.match(got.json, { presence: "online", currently_active: true, status_msg: "In clinic" });
    t.ok(Number.isInteger(got.json.last_active_ago) && got.json.last_active_ago >= 0, "last_active_ago in ms");
  }
  const [stored] = await db.query<{ sealed_status_msg: Uint8Array | null; status_key_id: string | null }>(
    "SELECT sealed_status_msg, status_key_id FROM presence WHERE user_id = $1", [alice.userId]);
  t.ok(stored?.sealed_status_msg && stored.status_key_id, "the status message is stored sealed, with its key ID");
  t.notOk(Buffer.from(stored?.sealed_status_msg ?? new Uint8Array()).includes("In clinic"), "and not in the clear");

  t.equal((await put(hs, alice, { presence: "unavailable" })).status, 200);
  const idle = await get(hs, bob, alice.userId);
  t.equal(idle.json.presence, "unavailable");
  t.notOk("status_msg" in idle.json, "no status_msg: the PUT without one cleared it");
  t.notOk("currently_active" in idle.json, "currently_active only while online");
});

await forEachDatabase(t, "errors change nothing", async (t, db) => {
  const { hs, alice, bob, carol } = await presenceHttp(t, db);
  t.equal((await put(hs, alice, { presence: "online", status_msg: "here" })).status, 200);
  const before = await sync(hs, alice, { set_presence: "offline" });
  const check = (res: { status: number; json: any }, status: number, errcode: string, name: string) => {
    t.same([res.status, res.json?.errcode], [status, errcode], name);
    t.same(validateError(res.json), [], `${name}: error shape`);
  };
  check(await put(hs, bob, { presence: "offline" }, alice.userId), 403, "M_FORBIDDEN", "setting another user's presence");
  check(await get(hs, carol, alice.userId), 403, "M_FORBIDDEN", "a stranger reading presence");
  check(await get(hs, alice, carol.userId), 403, "M_FORBIDDEN", "reading a stranger's presence");
  const server = alice.userId.slice(alice.userId.indexOf(":") + 1);
  check(await get(hs, alice, `@nobody:${server}`), 404, "M_NOT_FOUND", "unknown local user");
  check(await get(hs, alice, "not-a-user-id"), 400, "M_INVALID_PARAM", "malformed user ID");
  check(await put(hs, alice, {}), 400, "M_MISSING_PARAM", "no presence");
  for (const body of [{ presence: "busy" }, { presence: 1 }, { presence: "online", status_msg: 5 }]) {
    check(await put(hs, alice, body), 400, "M_BAD_JSON", `body ${JSON.stringify(body)}`);
  }
  check(await put(hs, alice, { presence: "offline", status_msg: "x".repeat(1025) }), 400, "M_INVALID_PARAM", "status_msg too long");
  check(await hs.request("GET", statusPath(alice.userId)), 401, "M_MISSING_TOKEN", "no token");

  t.match((await get(hs, alice, alice.userId)).json, { presence: "online", status_msg: "here" }, "unchanged");
  const after = await sync(hs, alice, { since: before.next_batch, set_presence: "offline" });
  t.same(after.presence?.events, [], "no presence change to deliver");
  t.equal((await put(hs, alice, { presence: "online", status_msg: "y".repeat(1024) })).status, 200, "1024 characters is allowed");
});

await forEachDatabase(t, "a co-member receives m.presence through /sync; a stranger only once they share a room", async (t, db) => {
  const { hs, alice, bob, carol, roomId } = await presenceHttp(t, db);
  t.equal((await put(hs, alice, { presence: "online", status_msg: "Back at 3" })).status, 200);

  const initial = await sync(hs, bob, { set_presence: "offline" });
  t.same(validateResponse("GET", "/sync", 200, initial), []);
  t.match(presenceOf(initial).get(alice.userId), { presence: "online", currently_active: true, status_msg: "Back at 3" });
  t.notOk(presenceOf(initial).has(bob.userId), "set_presence=offline: bob was not marked online");
  const carolInitial = await sync(hs, carol);
  t.same([...presenceOf(carolInitial).keys()], [carol.userId], "a stranger sees only her own presence");

  const filtered = await sync(hs, bob, { set_presence: "offline", filter: JSON.stringify({ presence: { not_senders: [alice.userId] } }) });
  t.notOk(presenceOf(filtered).has(alice.userId), "the presence filter applies");
  const none = await sync(hs, bob, { set_presence: "offline", filter: JSON.stringify({ presence: { types: [] } }) });
  t.same(none.presence?.events, [], "presence turned off by the filter");

  // A long-poll wakes for the co-member's change.
  const polling = sync(hs, bob, { since: initial.next_batch, timeout: 20000, set_presence: "offline" });
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.equal((await put(hs, alice, { presence: "unavailable", status_msg: "Lunch" })).status, 200);
  const woke = await polling;
  t.same(validateResponse("GET", "/sync", 200, woke), []);
  t.same([...presenceOf(woke).keys()], [alice.userId]);
  t.match(presenceOf(woke).get(alice.userId), { presence: "unavailable", status_msg: "Lunch" });
  t.ok(typeof presenceOf(woke).get(alice.userId)?.last_active_ago === "number");

  const carolLater = await sync(hs, carol, { since: carolInitial.next_batch, timeout: 0 });
  t.notOk(presenceOf(carolLater).has(alice.userId), "a stranger never receives it");

  // Once carol joins, her next sync brings the presence of her new co-members, unchanged as it is.
  await membership(hs, carol, roomId, "join");
  const joined = await sync(hs, carol, { since: carolLater.next_batch, set_presence: "offline" });
  t.match(presenceOf(joined).get(alice.userId), { presence: "unavailable", status_msg: "Lunch" });
  t.equal(presenceOf(joined).get(bob.userId), undefined, "bob has no presence yet: nothing to send");
});

await forEachDatabase(t, "set_presence on /sync, and explicit states", async (t, db) => {
  const { hs, clock, alice, bob } = await presenceHttp(t, db);
  const state = async (user: TestUser) => (await get(hs, bob, user.userId)).json.presence as string;

  await sync(hs, alice, { set_presence: "offline" });
  t.same((await get(hs, bob, alice.userId)).json, { presence: "offline" }, "set_presence=offline does not mark online");
  await sync(hs, alice, { set_presence: "unavailable" });
  t.equal(await state(alice), "unavailable");
  await sync(hs, alice, { set_presence: "offline" });
  t.equal(await state(alice), "unavailable", "an offline sync changes nothing");
  await sync(hs, alice);
  t.equal(await state(alice), "online", "no set_presence: online");
  t.equal((await get(hs, bob, alice.userId)).json.currently_active, true);
  await sync(hs, alice, { set_presence: "unavailable" });
  t.equal(await state(alice), "unavailable", "back to idle at once, not after the write interval");

  // A state PUT explicitly holds against syncing...
  t.equal((await put(hs, alice, { presence: "offline" })).status, 200);
  clock.offset += 20_000;
  await sync(hs, alice);
  t.equal(await state(alice), "offline", "appear offline holds while syncing");
  t.equal((await put(hs, alice, { presence: "unavailable" })).status, 200);
  await sync(hs, alice);
  t.equal(await state(alice), "unavailable", "an explicit unavailable holds too");
  // ...until the user PUTs online.
  t.equal((await put(hs, alice, { presence: "online" })).status, 200);
  await sync(hs, alice, { set_presence: "unavailable" });
  t.equal(await state(alice), "unavailable", "an explicit online does not hold");
});

await forEachDatabase(t, "users who stop syncing go offline and their co-members' long-polls wake", async (t, db) => {
  const { hs, clock, alice, bob, carol } = await presenceHttp(t, db);
  await sync(hs, alice);
  t.equal((await get(hs, bob, alice.userId)).json.presence, "online");
  const bobFirst = await sync(hs, bob, { set_presence: "offline" });
  const carolFirst = await sync(hs, carol, { set_presence: "offline" });

  clock.offset += 30_000;
  t.same(await hs.services.presence.sweep(), [], "30 s without a sync: still online");
  const polling = sync(hs, bob, { since: bobFirst.next_batch, timeout: 20000, set_presence: "offline" });
  await new Promise((resolve) => setTimeout(resolve, 200));
  clock.offset += 31_000;
  const swept = await hs.services.presence.sweep();
  // The timer may have swept first; either way alice is offline exactly once.
  t.ok(swept.length === 0 || (swept.length === 1 && swept[0] === alice.userId), `swept ${JSON.stringify(swept)}`);
  const woke = await polling;
  t.same(validateResponse("GET", "/sync", 200, woke), []);
  t.match(presenceOf(woke).get(alice.userId), { presence: "offline" });
  t.notOk("currently_active" in (presenceOf(woke).get(alice.userId) ?? {}));
  t.equal((await get(hs, bob, alice.userId)).json.presence, "offline");
  t.same(await hs.services.presence.sweep(), [], "already offline: nothing to sweep");

  const carolLater = await sync(hs, carol, { since: carolFirst.next_batch, set_presence: "offline" });
  t.notOk(presenceOf(carolLater).has(alice.userId), "a stranger never receives it");

  await sync(hs, alice);
  t.equal((await get(hs, bob, alice.userId)).json.presence, "online", "syncing again: online");
});
