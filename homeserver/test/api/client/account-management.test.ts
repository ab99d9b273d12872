/**
 * POST /account/password and POST /account/deactivate: UIA with the current
 * password, the new-password policy, ending other sessions, deactivation
 * ending every session and leaving the user's rooms.
 */
import t from "tap";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { startTestHomeserver, TEST_PASSWORD, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { createRoom, roomPath, V3 } from "./room-helpers.js";

const PASSWORD = `${V3}/account/password`;
const DEACTIVATE = `${V3}/account/deactivate`;
const WHOAMI = `${V3}/account/whoami`;
const LOGIN = `${V3}/login`;
const NEW_PASSWORD = "a much better passphrase";

const passwordAuth = (session: string, user = "alice", password = TEST_PASSWORD) => ({
  type: "m.login.password",
  identifier: { type: "m.id.user", user },
  password,
  session,
});

async function loginAgain(hs: TestHomeserver, user: TestUser): Promise<TestUser> {
  const opened = await hs.services.accounts.openSession({ userId: user.userId });
  return { userId: opened.userId, deviceId: opened.deviceId, accessToken: opened.accessToken };
}

/** Starts UIA on `path` with `body` and returns the session ID from the 401. */
async function uiaSession(t: Tap, hs: TestHomeserver, path: string, user: TestUser, body: object): Promise<string> {
  const res = await hs.request("POST", path, { token: user.accessToken, body });
  t.equal(res.status, 401, "UIA asked for");
  t.strictSame(validateResponse("POST", path, 401, res.json), []);
  t.strictSame(res.json.flows, [{ stages: ["m.login.password"] }]);
  t.type(res.json.session, "string");
  return res.json.session as string;
}

async function whoamiStatus(hs: TestHomeserver, user: TestUser): Promise<[number, string | undefined]> {
  const res = await hs.request("GET", WHOAMI, { token: user.accessToken });
  return [res.status, res.json.errcode];
}

async function login(hs: TestHomeserver, user: string, password: string) {
  return hs.request("POST", LOGIN, { body: { type: "m.login.password", identifier: { type: "m.id.user", user }, password } });
}

await forEachDatabase(t, "POST /account/password changes the password and ends the other sessions", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const phone = await loginAgain(hs, alice);
  const bob = await hs.registerUser("bob");
  const revoked: string[][] = [];
  hs.context.bus.subscribe((event) => {
    if (event.kind === "session-revoked") revoked.push(event.tokenHashes);
  });

  const session = await uiaSession(t, hs, PASSWORD, alice, { new_password: NEW_PASSWORD });
  const res = await hs.request("POST", PASSWORD, { token: alice.accessToken, body: { new_password: NEW_PASSWORD, auth: passwordAuth(session) } });
  t.equal(res.status, 200);
  t.strictSame(res.json, {});
  t.strictSame(validateResponse("POST", PASSWORD, 200, res.json), []);

  t.strictSame(await whoamiStatus(hs, alice), [200, undefined], "the caller's session is kept");
  t.strictSame(await whoamiStatus(hs, phone), [401, "M_UNKNOWN_TOKEN"], "the other session ended");
  t.strictSame(await whoamiStatus(hs, bob), [200, undefined], "other users untouched");
  const devices = await hs.request("GET", `${V3}/devices`, { token: alice.accessToken });
  t.strictSame(devices.json.devices.map((d: { device_id: string }) => d.device_id), [alice.deviceId], "the other device is gone");
  t.equal(revoked.flat().length, 1, "the other session's revocation published");

  t.equal((await login(hs, "alice", TEST_PASSWORD)).json.errcode, "M_FORBIDDEN", "the old password no longer works");
  t.equal((await login(hs, "alice", NEW_PASSWORD)).status, 200, "the new one does");

  // The UIA session was used up with the change.
  const again = await hs.request("POST", PASSWORD, { token: alice.accessToken, body: { new_password: "yet another passphrase", auth: passwordAuth(session, "alice", NEW_PASSWORD) } });
  t.same([again.status, again.json.errcode], [400, "M_UNKNOWN"], "a consumed UIA session is unknown");
  t.ok(await hs.services.accounts.checkPassword(alice.userId, NEW_PASSWORD), "unchanged by the replay");
});

await forEachDatabase(t, "POST /account/password with logout_devices: false keeps the other sessions", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const phone = await loginAgain(hs, alice);
  const session = await uiaSession(t, hs, PASSWORD, alice, { new_password: NEW_PASSWORD, logout_devices: false });
  const res = await hs.request("POST", PASSWORD, {
    token: alice.accessToken,
    body: { new_password: NEW_PASSWORD, logout_devices: false, auth: passwordAuth(session) },
  });
  t.equal(res.status, 200);
  t.strictSame(await whoamiStatus(hs, phone), [200, undefined]);
  t.ok(await hs.services.accounts.checkPassword(alice.userId, NEW_PASSWORD));
});

await forEachDatabase(t, "POST /account/password: bad input is a Matrix error and changes nothing", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  await hs.registerUser("bob");
  const phone = await loginAgain(hs, alice);

  const cases: Array<[string, unknown, number, string]> = [
    ["too short", { new_password: "short" }, 400, "M_WEAK_PASSWORD"],
    ["too long", { new_password: "x".repeat(513) }, 400, "M_INVALID_PARAM"],
    ["missing new_password", {}, 400, "M_MISSING_PARAM"],
    ["wrong type", { new_password: 12345678 }, 400, "M_BAD_JSON"],
    ["logout_devices not a boolean", { new_password: NEW_PASSWORD, logout_devices: "yes" }, 400, "M_BAD_JSON"],
  ];
  for (const [what, body, status, errcode] of cases) {
    const res = await hs.request("POST", PASSWORD, { token: alice.accessToken, body });
    t.same([res.status, res.json.errcode], [status, errcode], what);
    t.strictSame(validateError(res.json), [], what);
  }

  const session = await uiaSession(t, hs, PASSWORD, alice, { new_password: NEW_PASSWORD });
  for (const [what, auth] of [
    ["wrong password", passwordAuth(session, "alice", "not the password")],
    ["another user's password", passwordAuth(session, "bob")],
  ] as const) {
    const res = await hs.request("POST", PASSWORD, { token: alice.accessToken, body: { new_password: NEW_PASSWORD, auth } });
    t.same([res.status, res.json.errcode], [401, "M_FORBIDDEN"], what);
  }
  const anonymous = await hs.request("POST", PASSWORD, { body: { new_password: NEW_PASSWORD } });
  t.same([anonymous.status, anonymous.json.errcode], [401, "M_MISSING_TOKEN"]);

  t.ok(await hs.services.accounts.checkPassword(alice.userId, TEST_PASSWORD), "password unchanged");
  t.strictSame(await whoamiStatus(hs, phone), [200, undefined], "no session ended");
});

await forEachDatabase(t, "POST /account/deactivate ends every session, leaves the rooms, refuses later logins", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const phone = await loginAgain(hs, alice);
  const bob = await hs.registerUser("bob");
  const shared = await createRoom(hs, bob, { preset: "public_chat" });
  t.equal((await hs.request("POST", `${V3}/join/${encodeURIComponent(shared)}`, { token: alice.accessToken, body: {} })).status, 200);
  const own = await createRoom(hs, alice);
  const invited = await createRoom(hs, bob);
  t.equal((await hs.request("POST", roomPath(invited, "/invite"), { token: bob.accessToken, body: { user_id: alice.userId } })).status, 200);

  const session = await uiaSession(t, hs, DEACTIVATE, alice, {});
  const wrong = await hs.request("POST", DEACTIVATE, { token: alice.accessToken, body: { auth: passwordAuth(session, "alice", "nope nope nope") } });
  t.same([wrong.status, wrong.json.errcode], [401, "M_FORBIDDEN"], "wrong password");
  t.strictSame(await whoamiStatus(hs, alice), [200, undefined], "still active after a failed attempt");

  const res = await hs.request("POST", DEACTIVATE, { token: alice.accessToken, body: { auth: passwordAuth(session) } });
  t.equal(res.status, 200);
  t.strictSame(res.json, { id_server_unbind_result: "no-support" });
  t.strictSame(validateResponse("POST", DEACTIVATE, 200, res.json), []);

  t.strictSame(await whoamiStatus(hs, alice), [401, "M_UNKNOWN_TOKEN"], "the caller's session ended");
  t.strictSame(await whoamiStatus(hs, phone), [401, "M_UNKNOWN_TOKEN"], "the other session ended");
  const refused = await login(hs, "alice", TEST_PASSWORD);
  t.same([refused.status, refused.json.errcode], [403, "M_USER_DEACTIVATED"]);
  t.strictSame(validateError(refused.json), []);

  for (const [what, roomId] of [["shared room", shared], ["invite rejected", invited]] as const) {
    const member = await hs.request("GET", roomPath(roomId, `/state/m.room.member/${encodeURIComponent(alice.userId)}`), { token: bob.accessToken });
    t.equal(member.json.membership, "leave", what);
  }
  t.strictSame(await hs.services.rooms.joinedRooms(alice.userId), [], `no joined room left (also ${own})`);
});

await forEachDatabase(t, "POST /account/deactivate: bad input changes nothing", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bad = await hs.request("POST", DEACTIVATE, { token: alice.accessToken, body: { erase: "yes" } });
  t.same([bad.status, bad.json.errcode], [400, "M_BAD_JSON"]);
  t.strictSame(validateError(bad.json), []);
  const noAuth = await hs.request("POST", DEACTIVATE, { token: alice.accessToken, body: {} });
  t.equal(noAuth.status, 401, "UIA asked for");
  const anonymous = await hs.request("POST", DEACTIVATE, { body: {} });
  t.same([anonymous.status, anonymous.json.errcode], [401, "M_MISSING_TOKEN"]);
  t.strictSame(await whoamiStatus(hs, alice), [200, undefined]);
  t.equal((await login(hs, "alice", TEST_PASSWORD)).status, 200, "still able to log in");
});
