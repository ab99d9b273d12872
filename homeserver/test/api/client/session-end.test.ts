/**
 * Acts that end sessions end them at once, including a /sync long-poll in
 * progress: logout/all, password change (the other devices) and
 * deactivation. (Logout and device deletion: sync.test.ts, devices.test.ts;
 * admin deactivation: api/ward/admin.test.ts.)
 */
import t from "tap";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import { startTestHomeserver, TEST_PASSWORD, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { expectOk, sync, syncPath } from "./sync-fixtures.js";

const V3 = "/_matrix/client/v3";

async function secondDevice(hs: TestHomeserver, user: TestUser): Promise<TestUser> {
  const opened = await hs.services.accounts.openSession({ userId: user.userId });
  return { userId: opened.userId, deviceId: opened.deviceId, accessToken: opened.accessToken };
}

/** Starts a /sync long-poll for `user`; resolves (with the pending answer, boxed) once the server holds it waiting. */
async function waitingSync(hs: TestHomeserver, user: TestUser): Promise<{ answer: Promise<{ status: number; json: any }> }> {
  const since = (await sync(hs, user)).next_batch;
  const before = hs.context.notifier.waiting;
  const polling = hs.request("GET", syncPath({ since, timeout: 25_000 }), { token: user.accessToken });
  while (hs.context.notifier.waiting === before) await new Promise((r) => setTimeout(r, 20));
  return { answer: polling };
}

async function expectEnded(t: Tap, polling: { answer: Promise<{ status: number; json: any }> }, what: string) {
  const res = await polling.answer;
  t.same([res.status, res.json.errcode, res.json.soft_logout], [401, "M_UNKNOWN_TOKEN", false], what);
}

const passwordAuth = (session: string) => ({ type: "m.login.password", identifier: { type: "m.id.user", user: "alice" }, password: TEST_PASSWORD, session });

await forEachDatabase(t, "POST /logout/all ends every long-poll of the user", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const phone = await secondDevice(hs, alice);
  const bob = await hs.registerUser("bob");
  const polls = [await waitingSync(hs, alice), await waitingSync(hs, phone)];
  const bobs = await waitingSync(hs, bob);
  await expectOk("logout/all", await hs.request("POST", `${V3}/logout/all`, { token: alice.accessToken, body: {} }));
  await expectEnded(t, polls[0]!, "this device's long-poll");
  await expectEnded(t, polls[1]!, "the other device's long-poll");
  t.equal(hs.context.notifier.waiting, 1, "bob's long-poll goes on");
  hs.context.notifier.shutdown();
  t.equal((await bobs.answer).status, 200);
});

await forEachDatabase(t, "a password change ends the other devices' long-polls, not the caller's", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const phone = await secondDevice(hs, alice);
  const phonePoll = await waitingSync(hs, phone);
  const own = await waitingSync(hs, alice);
  const body = { new_password: "a brand new passphrase" };
  const challenge = await hs.request("POST", `${V3}/account/password`, { token: alice.accessToken, body });
  await expectOk("password", await hs.request("POST", `${V3}/account/password`, { token: alice.accessToken, body: { ...body, auth: passwordAuth(challenge.json.session) } }));
  await expectEnded(t, phonePoll, "the phone's long-poll");
  t.equal(hs.context.notifier.waiting, 1, "the caller's own long-poll goes on");
  hs.context.notifier.shutdown();
  t.equal((await own.answer).status, 200);
});

await forEachDatabase(t, "deactivation ends every long-poll of the account", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const phone = await secondDevice(hs, alice);
  const polls = [await waitingSync(hs, alice), await waitingSync(hs, phone)];
  const challenge = await hs.request("POST", `${V3}/account/deactivate`, { token: alice.accessToken, body: {} });
  await expectOk("deactivate", await hs.request("POST", `${V3}/account/deactivate`, { token: alice.accessToken, body: { auth: passwordAuth(challenge.json.session) } }));
  await expectEnded(t, polls[0]!, "the caller's long-poll");
  await expectEnded(t, polls[1]!, "the other device's long-poll");
});
