import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateResponse } from "../../helpers/openapi.js";
import { startTestHomeserver, TEST_PASSWORD } from "../../helpers/homeserver.js";

const REGISTER = "/_matrix/client/v3/register";
const AVAILABLE = "/_matrix/client/v3/register/available";
const FLOWS = [{ stages: ["m.login.dummy"] }];

await forEachDatabase(t, "UIA round trip: 401 with a session, then m.login.dummy → 200 and logged in", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const body = { username: "alice", password: TEST_PASSWORD, initial_device_display_name: "Laptop" };
  const first = await hs.request("POST", REGISTER, { body });
  t.equal(first.status, 401);
  t.strictSame(Object.keys(first.json).sort(), ["flows", "params", "session"], "no errcode on the first challenge");
  t.strictSame(first.json.flows, FLOWS);
  t.strictSame(first.json.params, {});
  t.match(first.json.session, /^[a-z0-9]{24}$/);
  t.strictSame(await db.query("SELECT user_id FROM users"), [], "nothing is created before UIA completes");

  const second = await hs.request("POST", REGISTER, { body: { ...body, auth: { type: "m.login.dummy", session: first.json.session } } });
  t.equal(second.status, 200);
  t.strictSame(Object.keys(second.json).sort(), ["access_token", "device_id", "home_server", "user_id"]);
  t.equal(second.json.user_id, "@alice:localhost");
  const who = await hs.request("GET", "/_matrix/client/v3/account/whoami", { token: second.json.access_token });
  t.strictSame(who.json, { user_id: "@alice:localhost", device_id: second.json.device_id, is_guest: false });
  const [device] = await db.query<{ display_name: string }>("SELECT display_name FROM devices");
  t.equal(device?.display_name, "Laptop");
  const [user] = await db.query<{ first_login_ts: number | null; is_admin: boolean }>("SELECT first_login_ts, is_admin FROM users");
  t.type(user?.first_login_ts, "number", "registering and logging in counts as the first login");
  t.equal(user?.is_admin, false);
  t.strictSame(await db.query("SELECT session_id FROM uia_sessions"), [], "the UIA session is used up");

  const replay = await hs.request("POST", REGISTER, { body: { ...body, username: "alice2", auth: { type: "m.login.dummy", session: first.json.session } } });
  t.equal(replay.status, 400, "a completed session cannot create a second account");
  t.equal(replay.json.errcode, "M_UNKNOWN");
  t.equal((await hs.request("POST", "/_matrix/client/v3/login", { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "alice" }, password: TEST_PASSWORD } })).status, 200, "the password works");
});

await forEachDatabase(t, "dummy auth without a session, inhibit_login, device_id", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const quiet = await hs.request("POST", REGISTER, { body: { username: "bob", password: TEST_PASSWORD, inhibit_login: true, auth: { type: "m.login.dummy" } } });
  t.equal(quiet.status, 200);
  t.strictSame(quiet.json, { user_id: "@bob:localhost", home_server: "localhost" });
  t.strictSame(await db.query("SELECT * FROM devices"), []);
  const [bob] = await db.query<{ first_login_ts: number | null }>("SELECT first_login_ts FROM users");
  t.equal(bob?.first_login_ts, null, "not logged in, not in the staff directory yet");

  const withDevice = await hs.request("POST", REGISTER, { body: { username: "carol", password: TEST_PASSWORD, device_id: "CAROLS", auth: { type: "m.login.dummy" } } });
  t.equal(withDevice.json.device_id, "CAROLS");
});

await forEachDatabase(t, "a username is optional, capitals fold, a generated one is valid", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const generated = await hs.request("POST", REGISTER, { body: { password: TEST_PASSWORD, auth: { type: "m.login.dummy" } } });
  t.equal(generated.status, 200);
  t.match(generated.json.user_id, /^@u[a-z0-9]{11}:localhost$/);
  const upper = await hs.request("POST", REGISTER, { body: { username: "Dr.Who", password: TEST_PASSWORD, auth: { type: "m.login.dummy" } } });
  t.equal(upper.json.user_id, "@dr.who:localhost");
});

await forEachDatabase(t, "registration errors change nothing", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  const dummy = { type: "m.login.dummy" };
  const cases: Array<[string, Record<string, unknown>, string, number, string]> = [
    ["user in use", { username: "alice", password: TEST_PASSWORD, auth: dummy }, "", 400, "M_USER_IN_USE"],
    ["user in use, other case", { username: "ALICE", password: TEST_PASSWORD }, "", 400, "M_USER_IN_USE"],
    ["invalid username", { username: "al ice", password: TEST_PASSWORD, auth: dummy }, "", 400, "M_INVALID_USERNAME"],
    ["non-ASCII username", { username: "zoë", password: TEST_PASSWORD }, "", 400, "M_INVALID_USERNAME"],
    ["username with server", { username: "@bob:localhost", password: TEST_PASSWORD }, "", 400, "M_INVALID_USERNAME"],
    ["empty username", { username: "", password: TEST_PASSWORD }, "", 400, "M_INVALID_USERNAME"],
    ["too long username", { username: "a".repeat(250), password: TEST_PASSWORD }, "", 400, "M_INVALID_USERNAME"],
    ["weak password", { username: "bob", password: "short", auth: dummy }, "", 400, "M_WEAK_PASSWORD"],
    ["too long password", { username: "bob", password: "x".repeat(513), auth: dummy }, "", 400, "M_INVALID_PARAM"],
    ["missing password", { username: "bob", auth: dummy }, "", 400, "M_MISSING_PARAM"],
    ["bad device ID", { username: "bob", password: TEST_PASSWORD, device_id: "", auth: dummy }, "", 400, "M_INVALID_PARAM"],
    ["guest", { password: TEST_PASSWORD }, "?kind=guest", 403, "M_GUEST_ACCESS_FORBIDDEN"],
    ["unknown kind", { password: TEST_PASSWORD }, "?kind=admin", 400, "M_INVALID_PARAM"],
    ["unknown session", { username: "bob", password: TEST_PASSWORD, auth: { type: "m.login.dummy", session: "nope" } }, "", 400, "M_UNKNOWN"],
  ];
  for (const [name, body, query, status, errcode] of cases) {
    const res = await hs.request("POST", REGISTER + query, { body });
    t.equal(res.status, status, name);
    t.equal(res.json.errcode, errcode, name);
    t.type(res.json.error, "string", name);
  }
  t.strictSame(await db.query("SELECT user_id FROM users"), [{ user_id: "@alice:localhost" }]);
  t.strictSame(await db.query("SELECT * FROM devices"), []);
});

await forEachDatabase(t, "a stage that is not offered fails inside UIA (401 with errcode)", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const res = await hs.request("POST", REGISTER, { body: { username: "bob", password: TEST_PASSWORD, auth: { type: "m.login.recaptcha" } } });
  t.equal(res.status, 401);
  t.equal(res.json.errcode, "M_UNRECOGNIZED");
  t.strictSame(res.json.flows, FLOWS);
  t.type(res.json.session, "string");
  t.strictSame(await db.query("SELECT user_id FROM users"), []);
});

await forEachDatabase(t, "registration disabled: 403 M_FORBIDDEN, even with auth", async (t, db) => {
  const hs = await startTestHomeserver(t, db, { config: { enableRegistration: false } });
  for (const body of [{ username: "bob", password: TEST_PASSWORD }, { username: "bob", password: TEST_PASSWORD, auth: { type: "m.login.dummy" } }]) {
    const res = await hs.request("POST", REGISTER, { body });
    t.equal(res.status, 403);
    t.strictSame(res.json, { errcode: "M_FORBIDDEN", error: "Registration is disabled" });
  }
  t.strictSame(await db.query("SELECT * FROM uia_sessions"), []);
  t.strictSame(await db.query("SELECT * FROM users"), []);
  const guest = await hs.request("POST", `${REGISTER}?kind=guest`, { body: {} });
  t.equal(guest.json.errcode, "M_GUEST_ACCESS_FORBIDDEN", "guests are refused first, either way");
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  for (const username of ["alice", "bob"]) {
    const res = await hs.request("GET", `${AVAILABLE}?username=${username}`);
    t.equal(res.status, 403, `availability of ${username} is not disclosed`);
    t.strictSame(res.json, { errcode: "M_FORBIDDEN", error: "Registration is disabled" });
  }
});

await forEachDatabase(t, "a UIA session continues on another homeserver instance (same database)", async (t, db) => {
  const one = await startTestHomeserver(t, db);
  const first = await one.request("POST", REGISTER, { body: { username: "dave", password: TEST_PASSWORD } });
  t.equal(first.status, 401);
  await one.close();
  const two = await startTestHomeserver(t, db);
  const second = await two.request("POST", REGISTER, { body: { username: "dave", password: TEST_PASSWORD, auth: { type: "m.login.dummy", session: first.json.session } } });
  t.equal(second.status, 200);
  t.equal(second.json.user_id, "@dave:localhost");
});

await forEachDatabase(t, "GET /register/available", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  const free = await hs.request("GET", `${AVAILABLE}?username=bob`);
  t.equal(free.status, 200);
  t.strictSame(free.json, { available: true });
  const cases: Array<[string, number, string]> = [
    ["alice", 400, "M_USER_IN_USE"],
    ["Alice", 400, "M_USER_IN_USE"],
    ["al%20ice", 400, "M_INVALID_USERNAME"],
    ["", 400, "M_INVALID_USERNAME"],
  ];
  for (const [username, status, errcode] of cases) {
    const res = await hs.request("GET", `${AVAILABLE}?username=${username}`);
    t.equal(res.status, status, username);
    t.equal(res.json.errcode, errcode, username);
  }
  t.equal((await hs.request("GET", AVAILABLE)).json.errcode, "M_MISSING_PARAM");
});

await forEachDatabase(t, "registration responses conform to the spec's OpenAPI", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const first = await hs.request("POST", REGISTER, { body: { username: "alice", password: TEST_PASSWORD } });
  t.strictSame(validateResponse("POST", REGISTER, 401, first.json), []);
  const done = await hs.request("POST", REGISTER, { body: { username: "alice", password: TEST_PASSWORD, auth: { type: "m.login.dummy", session: first.json.session } } });
  t.strictSame(validateResponse("POST", REGISTER, 200, done.json), []);
  const taken = await hs.request("POST", REGISTER, { body: { username: "alice", password: TEST_PASSWORD } });
  t.strictSame(validateResponse("POST", REGISTER, 400, taken.json), []);
  const guest = await hs.request("POST", `${REGISTER}?kind=guest`, { body: {} });
  t.strictSame(validateResponse("POST", REGISTER, 403, guest.json), []);
  const free = await hs.request("GET", `${AVAILABLE}?username=bob`);
  t.strictSame(validateResponse("GET", AVAILABLE, 200, free.json), []);
  const inUse = await hs.request("GET", `${AVAILABLE}?username=alice`);
  t.strictSame(validateResponse("GET", AVAILABLE, 400, inUse.json), []);
});
