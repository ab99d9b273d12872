/**
 * Ward's admin API: admins only (others 403 M_FORBIDDEN, nothing changes),
 * the org idle timeout, deactivating an account (its sessions and long-polls
 * end at once, it leaves its rooms, it cannot sign in again).
 */
import t from "tap";
import { MAX_IDLE_TIMEOUT_MS, MIN_IDLE_TIMEOUT_MS } from "../../../src/services/users/idle-timeout.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver, TEST_PASSWORD, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { validateError } from "../../helpers/openapi.js";
import { createRoom, expectOk, sync, syncPath } from "../client/sync-fixtures.js";

const ADMIN = "/_ward/admin/v1";
const IDLE = `${ADMIN}/settings/idle_timeout`;
const deactivatePath = (userId: string) => `${ADMIN}/users/${encodeURIComponent(userId)}/deactivate`;

async function admin(hs: TestHomeserver): Promise<TestUser> {
  const userId = await hs.services.accounts.createUser({ localpart: "boss", password: TEST_PASSWORD, admin: true });
  const session = await hs.services.accounts.openSession({ userId });
  return { userId, accessToken: session.accessToken, deviceId: session.deviceId };
}

await forEachDatabase(t, "non-admins get 403 M_FORBIDDEN on every admin endpoint, and nothing changes", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const calls: Array<[string, string, unknown]> = [
    ["GET", IDLE, undefined],
    ["PUT", IDLE, { idle_timeout_ms: MIN_IDLE_TIMEOUT_MS }],
    ["POST", deactivatePath(bob.userId), {}],
  ];
  for (const [method, path, body] of calls) {
    const res = await hs.request(method, path, { token: alice.accessToken, body });
    t.same([res.status, res.json.errcode], [403, "M_FORBIDDEN"], `${method} ${path}`);
    t.strictSame(validateError(res.json), []);
    const anonymous = await hs.request(method, path, { body });
    t.same([anonymous.status, anonymous.json.errcode], [401, "M_MISSING_TOKEN"], `${method} ${path} without a token`);
  }
  t.equal(await hs.services.accounts.idleTimeout.current(), MAX_IDLE_TIMEOUT_MS);
  t.equal((await hs.request("GET", "/_matrix/client/v3/account/whoami", { token: bob.accessToken })).status, 200, "bob is still active");
});

await forEachDatabase(t, "the idle timeout: read, set within bounds, refused outside them", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const boss = await admin(hs);
  const get = async () => (await hs.request("GET", IDLE, { token: boss.accessToken })).json;
  t.strictSame(await get(), { idle_timeout_ms: MAX_IDLE_TIMEOUT_MS }, "4 hours by default");
  const set = await hs.request("PUT", IDLE, { token: boss.accessToken, body: { idle_timeout_ms: 15 * 60_000 } });
  t.same([set.status, set.json], [200, { idle_timeout_ms: 15 * 60_000 }]);
  t.strictSame(await get(), { idle_timeout_ms: 15 * 60_000 });

  const bad: Array<[string, unknown, string]> = [
    ["below 5 minutes", { idle_timeout_ms: MIN_IDLE_TIMEOUT_MS - 1 }, "M_INVALID_PARAM"],
    ["above 4 hours", { idle_timeout_ms: MAX_IDLE_TIMEOUT_MS + 1 }, "M_INVALID_PARAM"],
    ["not whole", { idle_timeout_ms: 600_000.5 }, "M_INVALID_PARAM"],
    ["not a number", { idle_timeout_ms: "10 minutes" }, "M_BAD_JSON"],
    ["missing", {}, "M_MISSING_PARAM"],
  ];
  for (const [what, body, errcode] of bad) {
    const res = await hs.request("PUT", IDLE, { token: boss.accessToken, body });
    t.same([res.status, res.json.errcode], [400, errcode], what);
    t.strictSame(validateError(res.json), [], what);
  }
  t.strictSame(await get(), { idle_timeout_ms: 15 * 60_000 }, "unchanged by the refusals");
  t.same((await hs.request("PUT", IDLE, { token: boss.accessToken, body: { idle_timeout_ms: MIN_IDLE_TIMEOUT_MS } })).json, { idle_timeout_ms: MIN_IDLE_TIMEOUT_MS }, "5 minutes exactly");
  t.same((await hs.request("PUT", IDLE, { token: boss.accessToken, body: { idle_timeout_ms: MAX_IDLE_TIMEOUT_MS } })).json, { idle_timeout_ms: MAX_IDLE_TIMEOUT_MS }, "4 hours exactly");
});

await forEachDatabase(t, "deactivating a user ends their sessions and long-polls at once", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const boss = await admin(hs);
  const bob = await hs.registerUser("bob");
  const roomId = await createRoom(hs, boss, { preset: "public_chat" });
  await expectOk("join", await hs.request("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, { token: bob.accessToken, body: {} }));
  const since = (await sync(hs, bob)).next_batch;
  const polling = hs.request("GET", syncPath({ since, timeout: 25_000 }), { token: bob.accessToken });
  while (hs.context.notifier.waiting === 0) await new Promise((r) => setTimeout(r, 20));

  const res = await hs.request("POST", deactivatePath(bob.userId), { token: boss.accessToken, body: {} });
  t.same([res.status, res.json], [200, { user_id: bob.userId, deactivated: true }]);
  const ended = await polling;
  t.same([ended.status, ended.json.errcode], [401, "M_UNKNOWN_TOKEN"], "bob's long-poll ended");
  t.equal((await hs.request("GET", "/_matrix/client/v3/account/whoami", { token: bob.accessToken })).json.errcode, "M_UNKNOWN_TOKEN");
  const signIn = await hs.request("POST", "/_matrix/client/v3/login", { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "bob" }, password: TEST_PASSWORD } });
  t.same([signIn.status, signIn.json.errcode], [403, "M_USER_DEACTIVATED"]);
  const member = await hs.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(bob.userId)}`, { token: boss.accessToken });
  t.equal(member.json.membership, "leave", "bob left the room");
});

await forEachDatabase(t, "deactivation: bad targets, and the admin flag is checked at every call", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const boss = await admin(hs);
  const cases: Array<[string, string, number, string]> = [
    ["another server's user", "@bob:elsewhere.example", 400, "M_INVALID_PARAM"],
    ["not a user ID", "bob", 400, "M_INVALID_PARAM"],
    ["unknown user", "@nobody:localhost", 404, "M_NOT_FOUND"],
  ];
  for (const [what, userId, status, errcode] of cases) {
    const res = await hs.request("POST", deactivatePath(userId), { token: boss.accessToken, body: {} });
    t.same([res.status, res.json.errcode], [status, errcode], what);
  }
  await db.query("UPDATE users SET is_admin = false WHERE user_id = $1", [boss.userId]);
  t.equal((await hs.request("GET", IDLE, { token: boss.accessToken })).status, 403, "no longer an admin: at once");
});
