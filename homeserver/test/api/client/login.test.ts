import t from "tap";
import { MemoryBus } from "../../../src/bus/memory.js";
import type { BusMessage } from "../../../src/bus/bus.js";
import { hashAccessToken, tokenHashKey } from "../../../src/services/users/tokens.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateResponse } from "../../helpers/openapi.js";
import { startTestHomeserver, TEST_PASSWORD } from "../../helpers/homeserver.js";

const LOGIN = "/_matrix/client/v3/login";
const WHOAMI = "/_matrix/client/v3/account/whoami";

const passwordLogin = (identifier: unknown, password = TEST_PASSWORD, extra: Record<string, unknown> = {}) => ({
  type: "m.login.password",
  identifier,
  password,
  ...extra,
});

await forEachDatabase(t, "GET /login offers m.login.password only, on v3 and r0", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  for (const path of [LOGIN, "/_matrix/client/r0/login"]) {
    const res = await hs.request("GET", path);
    t.equal(res.status, 200, path);
    t.strictSame(res.json, { flows: [{ type: "m.login.password" }] });
  }
});

await forEachDatabase(t, "POST /login: localpart, full user ID, capitals, legacy `user`", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  const variants: Array<[string, Record<string, unknown>]> = [
    ["localpart", passwordLogin({ type: "m.id.user", user: "alice" })],
    ["full user ID", passwordLogin({ type: "m.id.user", user: "@alice:localhost" })],
    ["capitals fold to lowercase", passwordLogin({ type: "m.id.user", user: "@ALICE:localhost" })],
    ["legacy top-level user", { type: "m.login.password", user: "alice", password: TEST_PASSWORD }],
  ];
  const tokens = new Set<string>();
  for (const [name, body] of variants) {
    const res = await hs.request("POST", LOGIN, { body });
    t.equal(res.status, 200, name);
    t.strictSame(Object.keys(res.json).sort(), ["access_token", "device_id", "home_server", "user_id"], name);
    t.equal(res.json.user_id, "@alice:localhost", name);
    t.equal(res.json.home_server, "localhost", name);
    t.match(res.json.access_token, /^ward_[A-Za-z0-9_-]{43}$/, name);
    t.match(res.json.device_id, /^[A-Z]{10}$/, name);
    tokens.add(res.json.access_token);
    const who = await hs.request("GET", WHOAMI, { token: res.json.access_token });
    t.strictSame(who.json, { user_id: "@alice:localhost", device_id: res.json.device_id, is_guest: false }, name);
  }
  t.equal(tokens.size, 4, "every login is a new session");
  const devices = await db.query("SELECT device_id FROM devices WHERE user_id = '@alice:localhost'");
  t.equal(devices.length, 4, "and a new device");
});

await forEachDatabase(t, "POST /login: wrong password, unknown user and another server's user look the same", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  const cases: Array<[string, Record<string, unknown>]> = [
    ["wrong password", passwordLogin({ type: "m.id.user", user: "alice" }, "not the password")],
    ["unknown user", passwordLogin({ type: "m.id.user", user: "nobody" })],
    ["other server", passwordLogin({ type: "m.id.user", user: "@alice:elsewhere.example" })],
    ["invalid localpart", passwordLogin({ type: "m.id.user", user: "al ice" })],
    ["malformed user ID", passwordLogin({ type: "m.id.user", user: "@alice" })],
  ];
  for (const [name, body] of cases) {
    const res = await hs.request("POST", LOGIN, { body });
    t.equal(res.status, 403, name);
    t.strictSame(res.json, { errcode: "M_FORBIDDEN", error: "Invalid username or password" }, name);
  }
  t.strictSame(await db.query("SELECT * FROM access_tokens"), [], "no session was created");
  t.strictSame(await db.query("SELECT * FROM devices"), []);
});

await forEachDatabase(t, "POST /login: a deactivated account is M_USER_DEACTIVATED", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  await db.query("UPDATE users SET deactivated = true, password_hash = NULL WHERE user_id = '@alice:localhost'");
  const res = await hs.request("POST", LOGIN, { body: passwordLogin({ type: "m.id.user", user: "alice" }) });
  t.equal(res.status, 403);
  t.equal(res.json.errcode, "M_USER_DEACTIVATED");
  // Deactivated while the hash is still there (e.g. an admin tool): the password is checked first.
  await hs.services.accounts.createUser({ localpart: "bob", password: TEST_PASSWORD });
  await db.query("UPDATE users SET deactivated = true WHERE user_id = '@bob:localhost'");
  const wrong = await hs.request("POST", LOGIN, { body: passwordLogin({ type: "m.id.user", user: "bob" }, "wrong password") });
  t.equal(wrong.json.errcode, "M_FORBIDDEN");
  const right = await hs.request("POST", LOGIN, { body: passwordLogin({ type: "m.id.user", user: "bob" }) });
  t.equal(right.status, 403);
  t.equal(right.json.errcode, "M_USER_DEACTIVATED");
  t.strictSame(await db.query("SELECT * FROM access_tokens"), []);
});

await forEachDatabase(t, "POST /login: bad requests", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  const cases: Array<[string, unknown, number, string]> = [
    ["unknown login type", { type: "m.login.token", token: "x" }, 400, "M_UNKNOWN"],
    ["third-party identifier", passwordLogin({ type: "m.id.thirdparty", medium: "email", address: "a@b.c" }), 400, "M_UNKNOWN"],
    ["legacy medium/address", { type: "m.login.password", medium: "email", address: "a@b.c", password: "x" }, 400, "M_UNKNOWN"],
    ["no identifier", { type: "m.login.password", password: TEST_PASSWORD }, 400, "M_MISSING_PARAM"],
    ["identifier without user", passwordLogin({ type: "m.id.user" }), 400, "M_MISSING_PARAM"],
    ["no password", { type: "m.login.password", identifier: { type: "m.id.user", user: "alice" } }, 400, "M_MISSING_PARAM"],
    ["password not a string", passwordLogin({ type: "m.id.user", user: "alice" }, 42 as never), 400, "M_BAD_JSON"],
    ["no type", { identifier: { type: "m.id.user", user: "alice" }, password: TEST_PASSWORD }, 400, "M_MISSING_PARAM"],
    ["bad device ID", passwordLogin({ type: "m.id.user", user: "alice" }, TEST_PASSWORD, { device_id: "*" }), 400, "M_INVALID_PARAM"],
    ["not JSON", "{nope", 400, "M_NOT_JSON"],
  ];
  for (const [name, body, status, errcode] of cases) {
    const res = await hs.request("POST", LOGIN, { body });
    t.equal(res.status, status, name);
    t.equal(res.json.errcode, errcode, name);
    t.type(res.json.error, "string", name);
  }
  t.strictSame(await db.query("SELECT * FROM access_tokens"), [], "nothing changed");
});

await forEachDatabase(t, "POST /login: device_id reuse keeps the device and ends its older token", async (t, db) => {
  const bus = new MemoryBus();
  const seen: BusMessage[] = [];
  bus.subscribe((m) => seen.push(m));
  const hs = await startTestHomeserver(t, db, { bus });
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  const first = await hs.request("POST", LOGIN, {
    body: passwordLogin({ type: "m.id.user", user: "alice" }, TEST_PASSWORD, { device_id: "MYPHONE", initial_device_display_name: "Phone" }),
  });
  t.equal(first.json.device_id, "MYPHONE");
  const second = await hs.request("POST", LOGIN, {
    body: passwordLogin({ type: "m.id.user", user: "alice" }, TEST_PASSWORD, { device_id: "MYPHONE" }),
  });
  t.equal(second.json.device_id, "MYPHONE");
  t.not(second.json.access_token, first.json.access_token);
  const devices = await db.query<{ device_id: string; display_name: string }>("SELECT device_id, display_name FROM devices");
  t.strictSame(devices, [{ device_id: "MYPHONE", display_name: "Phone" }], "one device, its name kept");
  t.equal((await hs.request("GET", WHOAMI, { token: first.json.access_token })).json.errcode, "M_UNKNOWN_TOKEN");
  t.equal((await hs.request("GET", WHOAMI, { token: second.json.access_token })).status, 200);
  await new Promise((resolve) => setImmediate(resolve));
  t.strictSame(seen, [{ kind: "session-revoked", tokenHashes: [tokenHashKey(hashAccessToken(first.json.access_token))] }]);
});

await forEachDatabase(t, "POST /login records the first login for the staff directory", async (t, db) => {
  let now = 1_700_000_000_000;
  const hs = await startTestHomeserver(t, db, { clock: () => now });
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  const firstLogin = async () => (await db.query<{ first_login_ts: number | null }>("SELECT first_login_ts FROM users"))[0]?.first_login_ts;
  t.equal(await firstLogin(), null, "created, never logged in");
  await hs.request("POST", LOGIN, { body: passwordLogin({ type: "m.id.user", user: "alice" }) });
  t.equal(await firstLogin(), 1_700_000_000_000);
  now += 5000;
  await hs.request("POST", LOGIN, { body: passwordLogin({ type: "m.id.user", user: "alice" }) });
  t.equal(await firstLogin(), 1_700_000_000_000, "later logins keep the first time");
});

await forEachDatabase(t, "tokens are stored only as SHA-256 hashes", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  const res = await hs.request("POST", LOGIN, { body: passwordLogin({ type: "m.id.user", user: "alice" }) });
  const token: string = res.json.access_token;
  const rows = await db.query<{ token_hash: Uint8Array }>("SELECT * FROM access_tokens");
  t.equal(rows.length, 1);
  t.strictSame(rows[0]!.token_hash, hashAccessToken(token));
  const everything = JSON.stringify(await db.query("SELECT * FROM access_tokens"), (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : v));
  t.notOk(everything.includes(token), "no column holds the token");
  t.notOk(everything.includes(token.slice(5)), "not even without its prefix");
  const users = JSON.stringify(await db.query("SELECT * FROM users"));
  t.notOk(users.includes(TEST_PASSWORD), "nor the password");
  t.match(users, /\$argon2id\$v=19\$/);
});

await forEachDatabase(t, "POST /logout ends this token and its device at once", async (t, db) => {
  const bus = new MemoryBus();
  const seen: BusMessage[] = [];
  bus.subscribe((m) => seen.push(m));
  const hs = await startTestHomeserver(t, db, { bus });
  const alice = await hs.registerUser("alice");
  const other = await hs.services.accounts.openSession({ userId: alice.userId });
  const hash = tokenHashKey(hashAccessToken(alice.accessToken));
  // A long-poll holding this session, as /sync will: it must end as soon as the logout commits.
  const listener = hs.context.notifier.listen({ userId: alice.userId, roomIds: new Set(), tokenHash: hash });
  const waiting = listener.wait(30_000);

  const res = await hs.request("POST", "/_matrix/client/v3/logout", { token: alice.accessToken, body: {} });
  t.equal(res.status, 200);
  t.strictSame(res.json, {});
  t.equal(await waiting, "revoked");
  t.strictSame(seen, [{ kind: "session-revoked", tokenHashes: [hash] }]);
  const again = await hs.request("GET", WHOAMI, { token: alice.accessToken });
  t.equal(again.status, 401);
  t.strictSame(again.json, { errcode: "M_UNKNOWN_TOKEN", error: "Unknown access token", soft_logout: false });
  t.strictSame(await db.query("SELECT device_id FROM devices WHERE device_id = $1", [alice.deviceId]), [], "the device is gone");
  t.equal((await hs.request("GET", WHOAMI, { token: other.accessToken })).status, 200, "other devices stay logged in");
  t.equal((await hs.request("POST", "/_matrix/client/v3/logout", { token: alice.accessToken })).json.errcode, "M_UNKNOWN_TOKEN");
  t.equal((await hs.request("POST", "/_matrix/client/v3/logout")).json.errcode, "M_MISSING_TOKEN");
});

await forEachDatabase(t, "POST /logout/all ends every session of the user, and only theirs", async (t, db) => {
  const bus = new MemoryBus();
  const seen: BusMessage[] = [];
  bus.subscribe((m) => seen.push(m));
  const hs = await startTestHomeserver(t, db, { bus });
  const alice = await hs.registerUser("alice");
  const aliceTablet = await hs.services.accounts.openSession({ userId: alice.userId, deviceId: "TABLET" });
  const bob = await hs.registerUser("bob");
  const res = await hs.request("POST", "/_matrix/client/v3/logout/all", { token: alice.accessToken });
  t.equal(res.status, 200);
  t.strictSame(res.json, {});
  for (const token of [alice.accessToken, aliceTablet.accessToken]) {
    t.equal((await hs.request("GET", WHOAMI, { token })).json.errcode, "M_UNKNOWN_TOKEN");
  }
  t.equal((await hs.request("GET", WHOAMI, { token: bob.accessToken })).status, 200);
  t.strictSame(await db.query("SELECT device_id FROM devices WHERE user_id = $1", [alice.userId]), []);
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(seen.length, 1);
  const revoked = seen[0]?.kind === "session-revoked" ? [...seen[0].tokenHashes].sort() : [];
  t.strictSame(revoked, [alice.accessToken, aliceTablet.accessToken].map((k) => tokenHashKey(hashAccessToken(k))).sort());
});

await forEachDatabase(t, "login and logout responses conform to the spec's OpenAPI", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  const flows = await hs.request("GET", LOGIN);
  t.strictSame(validateResponse("GET", LOGIN, 200, flows.json), []);
  const ok = await hs.request("POST", LOGIN, { body: passwordLogin({ type: "m.id.user", user: "alice" }) });
  t.strictSame(validateResponse("POST", LOGIN, 200, ok.json), []);
  const bad = await hs.request("POST", LOGIN, { body: passwordLogin({ type: "m.id.user", user: "alice" }, "wrong password") });
  t.strictSame(validateResponse("POST", LOGIN, 403, bad.json), []);
  const out = await hs.request("POST", "/_matrix/client/v3/logout", { token: ok.json.access_token });
  t.strictSame(validateResponse("POST", "/_matrix/client/v3/logout", 200, out.json), []);
});
