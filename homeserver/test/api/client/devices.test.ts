/**
 * The devices API: listing, reading, renaming and deleting the caller's own
 * devices; UIA for deletion; deletion ends the device's sessions at once.
 */
import t from "tap";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import { validateResponse } from "../../helpers/openapi.js";
import { startTestHomeserver, TEST_PASSWORD, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { expectOk, sync, syncPath } from "./sync-fixtures.js";

const DEVICES = "/_matrix/client/v3/devices";
const DELETE_DEVICES = "/_matrix/client/v3/delete_devices";
const WHOAMI = "/_matrix/client/v3/account/whoami";
const device = (id: string) => `${DEVICES}/${encodeURIComponent(id)}`;

const passwordAuth = (session: string, user = "alice", password = TEST_PASSWORD) => ({
  type: "m.login.password",
  identifier: { type: "m.id.user", user },
  password,
  session,
});

/** Another login of the same user: a second device with its own token. */
async function loginAgain(hs: TestHomeserver, user: TestUser, displayName?: string): Promise<TestUser> {
  const opened = await hs.services.accounts.openSession({ userId: user.userId, displayName });
  return { userId: opened.userId, deviceId: opened.deviceId, accessToken: opened.accessToken };
}

async function expectUnknownToken(t: Tap, hs: TestHomeserver, user: TestUser, what: string) {
  const res = await hs.request("GET", WHOAMI, { token: user.accessToken });
  t.same([res.status, res.json.errcode], [401, "M_UNKNOWN_TOKEN"], what);
}

await forEachDatabase(t, "GET /devices and GET /devices/{deviceId}", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const tablet = await loginAgain(hs, alice, "Tablet");
  const bob = await hs.registerUser("bob");

  const list = await hs.request("GET", DEVICES, { token: alice.accessToken });
  t.equal(list.status, 200);
  t.strictSame(validateResponse("GET", DEVICES, 200, list.json), []);
  const ids = list.json.devices.map((d: { device_id: string }) => d.device_id).sort();
  t.strictSame(ids, [alice.deviceId, tablet.deviceId].sort(), "only the caller's devices");
  const listed = list.json.devices.find((d: { device_id: string }) => d.device_id === tablet.deviceId);
  t.equal(listed.display_name, "Tablet");

  const one = await hs.request("GET", device(tablet.deviceId), { token: alice.accessToken });
  t.equal(one.status, 200);
  t.strictSame(validateResponse("GET", device(tablet.deviceId), 200, one.json), []);
  t.equal(one.json.device_id, tablet.deviceId);
  t.equal(one.json.display_name, "Tablet");

  // Seen since: whoami touches the device's last-seen fields (when the server records them).
  for (const d of list.json.devices) {
    if ("last_seen_ts" in d) t.type(d.last_seen_ts, "number");
    if ("last_seen_ip" in d) t.type(d.last_seen_ip, "string");
  }

  for (const [what, id] of [["unknown device", "NOSUCHDEVICE"], ["another user's device", bob.deviceId]] as const) {
    const res = await hs.request("GET", device(id), { token: alice.accessToken });
    t.same([res.status, res.json.errcode], [404, "M_NOT_FOUND"], what);
    t.strictSame(validateResponse("GET", device(id), 404, res.json), [], what);
  }

  const anonymous = await hs.request("GET", DEVICES);
  t.same([anonymous.status, anonymous.json.errcode], [401, "M_MISSING_TOKEN"]);
});

await forEachDatabase(t, "PUT /devices/{deviceId} renames the caller's device", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const path = device(alice.deviceId);

  const res = await hs.request("PUT", path, { token: alice.accessToken, body: { display_name: "Work laptop" } });
  t.equal(res.status, 200);
  t.strictSame(res.json, {});
  t.strictSame(validateResponse("PUT", path, 200, res.json), []);
  t.equal((await hs.request("GET", path, { token: alice.accessToken })).json.display_name, "Work laptop");

  const unchanged = await hs.request("PUT", path, { token: alice.accessToken, body: {} });
  t.equal(unchanged.status, 200, "no display_name: nothing changes");
  t.equal((await hs.request("GET", path, { token: alice.accessToken })).json.display_name, "Work laptop");

  const longest = "é".repeat(100);
  t.equal((await hs.request("PUT", path, { token: alice.accessToken, body: { display_name: longest } })).status, 200, "100 characters is fine");
  t.equal((await hs.request("GET", path, { token: alice.accessToken })).json.display_name, longest);
  const tooLong = await hs.request("PUT", path, { token: alice.accessToken, body: { display_name: "x".repeat(101) } });
  t.same([tooLong.status, tooLong.json.errcode], [400, "M_TOO_LARGE"]);

  const badType = await hs.request("PUT", path, { token: alice.accessToken, body: { display_name: 7 } });
  t.same([badType.status, badType.json.errcode], [400, "M_BAD_JSON"], "display_name must be a string");

  for (const [what, id] of [["unknown device", "NOSUCHDEVICE"], ["another user's device", bob.deviceId]] as const) {
    const res = await hs.request("PUT", device(id), { token: alice.accessToken, body: { display_name: "mine now" } });
    t.same([res.status, res.json.errcode], [404, "M_NOT_FOUND"], what);
  }
  const bobs = await hs.request("GET", device(bob.deviceId), { token: bob.accessToken });
  t.notOk(bobs.json.display_name === "mine now", "bob's device is untouched");
});

await forEachDatabase(t, "DELETE /devices/{deviceId}: UIA round trip, then the device's session is over", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const tablet = await loginAgain(hs, alice, "Tablet");
  const path = device(tablet.deviceId);

  const challenge = await hs.request("DELETE", path, { token: alice.accessToken, body: {} });
  t.equal(challenge.status, 401);
  t.strictSame(challenge.json.flows, [{ stages: ["m.login.password"] }]);
  t.strictSame(challenge.json.params, {});
  t.type(challenge.json.session, "string");
  t.notOk("errcode" in challenge.json, "a first challenge has no errcode");
  t.strictSame(validateResponse("DELETE", path, 401, challenge.json), []);
  const session = challenge.json.session as string;

  const wrong = await hs.request("DELETE", path, { token: alice.accessToken, body: { auth: passwordAuth(session, "alice", "wrong password") } });
  t.same([wrong.status, wrong.json.errcode], [401, "M_FORBIDDEN"], "wrong password");
  t.equal(wrong.json.session, session, "the same session continues");
  t.strictSame(wrong.json.flows, [{ stages: ["m.login.password"] }]);
  t.strictSame(validateResponse("DELETE", path, 401, wrong.json), []);

  const someoneElse = await hs.request("DELETE", path, { token: alice.accessToken, body: { auth: passwordAuth(session, "bob") } });
  t.same([someoneElse.status, someoneElse.json.errcode], [401, "M_FORBIDDEN"], "another user's name and password do not count");

  t.equal((await hs.request("GET", WHOAMI, { token: tablet.accessToken })).status, 200, "still there before the deletion");
  const done = await hs.request("DELETE", path, { token: alice.accessToken, body: { auth: passwordAuth(session) } });
  t.equal(done.status, 200);
  t.strictSame(done.json, {});
  t.strictSame(validateResponse("DELETE", path, 200, done.json), []);

  await expectUnknownToken(t, hs, tablet, "the deleted device's token is gone");
  const gone = await hs.request("GET", path, { token: alice.accessToken });
  t.same([gone.status, gone.json.errcode], [404, "M_NOT_FOUND"]);
  const list = await hs.request("GET", DEVICES, { token: alice.accessToken });
  t.strictSame(list.json.devices.map((d: { device_id: string }) => d.device_id), [alice.deviceId]);

  const again = await hs.request("DELETE", path, { token: alice.accessToken, body: { auth: passwordAuth(session) } });
  t.same([again.status, again.json.errcode], [404, "M_NOT_FOUND"], "deleting it again: it is not there");

  // The used session cannot authorise another deletion.
  const other = await loginAgain(hs, alice);
  const replay = await hs.request("DELETE", device(other.deviceId), { token: alice.accessToken, body: { auth: passwordAuth(session) } });
  t.equal(replay.status, 400);
  t.equal(replay.json.errcode, "M_UNKNOWN", "a consumed UIA session is unknown");
  t.equal((await hs.request("GET", WHOAMI, { token: other.accessToken })).status, 200);
});

await forEachDatabase(t, "DELETE /devices/{deviceId}: errors", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const phone = await loginAgain(hs, alice);
  const tablet = await loginAgain(hs, alice);

  for (const [what, id] of [["unknown device", "NOSUCHDEVICE"], ["another user's device", bob.deviceId]] as const) {
    const res = await hs.request("DELETE", device(id), { token: alice.accessToken, body: {} });
    t.same([res.status, res.json.errcode], [404, "M_NOT_FOUND"], `${what}: 404 before any UIA`);
  }
  t.equal((await hs.request("GET", WHOAMI, { token: bob.accessToken })).status, 200, "bob's device untouched");

  // A session begun to delete the phone does not delete the tablet.
  const challenge = await hs.request("DELETE", device(phone.deviceId), { token: alice.accessToken, body: {} });
  const swapped = await hs.request("DELETE", device(tablet.deviceId), { token: alice.accessToken, body: { auth: passwordAuth(challenge.json.session) } });
  t.same([swapped.status, swapped.json.errcode], [403, "M_FORBIDDEN"], "a UIA session is bound to the devices it began for");
  // Nor is bob's session any use to alice.
  const bobsChallenge = await hs.request("DELETE", device(bob.deviceId), { token: bob.accessToken, body: {} });
  const borrowed = await hs.request("DELETE", device(phone.deviceId), { token: alice.accessToken, body: { auth: passwordAuth(bobsChallenge.json.session) } });
  t.same([borrowed.status, borrowed.json.errcode], [403, "M_FORBIDDEN"]);

  const unknownSession = await hs.request("DELETE", device(phone.deviceId), { token: alice.accessToken, body: { auth: passwordAuth("nosuchsession") } });
  t.same([unknownSession.status, unknownSession.json.errcode], [400, "M_UNKNOWN"]);

  const unknownStage = await hs.request("DELETE", device(phone.deviceId), { token: alice.accessToken, body: { auth: { type: "m.login.dummy", session: challenge.json.session } } });
  t.same([unknownStage.status, unknownStage.json.errcode], [401, "M_UNRECOGNIZED"], "m.login.dummy is not offered");

  const noPassword = await hs.request("DELETE", device(phone.deviceId), { token: alice.accessToken, body: { auth: { type: "m.login.password", identifier: { type: "m.id.user", user: "alice" }, session: challenge.json.session } } });
  t.same([noPassword.status, noPassword.json.errcode], [401, "M_MISSING_PARAM"]);

  const anonymous = await hs.request("DELETE", device(phone.deviceId), { body: {} });
  t.same([anonymous.status, anonymous.json.errcode], [401, "M_MISSING_TOKEN"]);

  for (const u of [alice, phone, tablet, bob]) t.equal((await hs.request("GET", WHOAMI, { token: u.accessToken })).status, 200, "nothing was deleted");
});

await forEachDatabase(t, "deleting the caller's own current device logs it out", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const path = device(alice.deviceId);
  const challenge = await hs.request("DELETE", path, { token: alice.accessToken, body: {} });
  t.equal(challenge.status, 401);
  const done = await hs.request("DELETE", path, { token: alice.accessToken, body: { auth: passwordAuth(challenge.json.session) } });
  t.equal(done.status, 200);
  await expectUnknownToken(t, hs, alice, "own token gone");
});

await forEachDatabase(t, "deleting a device ends its /sync long-poll with 401", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const tablet = await loginAgain(hs, alice);
  const first = await sync(hs, tablet);
  const started = Date.now();
  const polling = hs.request("GET", syncPath({ since: first.next_batch, timeout: 20_000 }), { token: tablet.accessToken });
  await new Promise((r) => setTimeout(r, 200));
  const challenge = await hs.request("DELETE", device(tablet.deviceId), { token: alice.accessToken, body: {} });
  await expectOk("delete", await hs.request("DELETE", device(tablet.deviceId), { token: alice.accessToken, body: { auth: passwordAuth(challenge.json.session) } }));
  const res = await polling;
  t.ok(Date.now() - started < 10_000, "ended well before its timeout");
  t.same([res.status, res.json.errcode], [401, "M_UNKNOWN_TOKEN"]);
});

await forEachDatabase(t, "POST /delete_devices", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const phone = await loginAgain(hs, alice, "Phone");
  const tablet = await loginAgain(hs, alice, "Tablet");
  const seen: unknown[] = [];
  hs.services.context.bus.subscribe((event) => {
    if (event.kind === "session-revoked") seen.push(...event.tokenHashes);
  });
  // Unknown IDs and other users' devices are skipped, never deleted.
  const body = { devices: [phone.deviceId, tablet.deviceId, "NOSUCHDEVICE", bob.deviceId] };

  const challenge = await hs.request("POST", DELETE_DEVICES, { token: alice.accessToken, body });
  t.equal(challenge.status, 401);
  t.strictSame(challenge.json.flows, [{ stages: ["m.login.password"] }]);
  t.strictSame(validateResponse("POST", DELETE_DEVICES, 401, challenge.json), []);

  const wrong = await hs.request("POST", DELETE_DEVICES, { token: alice.accessToken, body: { ...body, auth: passwordAuth(challenge.json.session, "alice", "nope nope nope") } });
  t.same([wrong.status, wrong.json.errcode], [401, "M_FORBIDDEN"]);
  t.strictSame(validateResponse("POST", DELETE_DEVICES, 401, wrong.json), []);

  const fewer = await hs.request("POST", DELETE_DEVICES, { token: alice.accessToken, body: { devices: [phone.deviceId], auth: passwordAuth(challenge.json.session) } });
  t.same([fewer.status, fewer.json.errcode], [403, "M_FORBIDDEN"], "the session is for the device list it began with");

  const done = await hs.request("POST", DELETE_DEVICES, { token: alice.accessToken, body: { ...body, auth: passwordAuth(challenge.json.session) } });
  t.equal(done.status, 200);
  t.strictSame(done.json, {});
  t.strictSame(validateResponse("POST", DELETE_DEVICES, 200, done.json), []);
  t.equal(seen.length, 2, "both deleted devices' tokens were published as revoked");

  await expectUnknownToken(t, hs, phone, "phone");
  await expectUnknownToken(t, hs, tablet, "tablet");
  t.equal((await hs.request("GET", WHOAMI, { token: alice.accessToken })).status, 200, "the caller's device stays");
  t.equal((await hs.request("GET", WHOAMI, { token: bob.accessToken })).status, 200, "bob's device untouched");
  const list = await hs.request("GET", DEVICES, { token: alice.accessToken });
  t.strictSame(list.json.devices.map((d: { device_id: string }) => d.device_id), [alice.deviceId]);

  const missing = await hs.request("POST", DELETE_DEVICES, { token: alice.accessToken, body: {} });
  t.equal(missing.status, 400, "devices is required");
  t.equal(missing.json.errcode, "M_MISSING_PARAM");

  const empty = await hs.request("POST", DELETE_DEVICES, { token: alice.accessToken, body: { devices: [] } });
  t.equal(empty.status, 401, "even an empty list asks for UIA (as Synapse does)");
});
