/**
 * Sessions on a real server: whoami, Ward's idle timeout surfacing as a soft
 * logout the app handles (and resumes from on the same device), a session
 * ended elsewhere, and logout.
 */
import t from "tap";
import { clientLogin } from "@ward/protocol";
import { IDLE_SLACK_MS } from "../../homeserver/src/services/users/sessions.js";
import { startTestHomeserver, TEST_PASSWORD } from "../../homeserver/test/helpers/homeserver.js";
import { WardApiError, WardClient } from "../src/index.js";
import { FAST_RETRIES, forEachDatabase, newClient, PASSWORD, startServer, waitFor } from "./helpers/ward.js";

const FOUR_HOURS = 4 * 3_600_000;

t.test("the idle timeout surfaces as a soft logout, and the session resumes on the same device", async (t) => {
  await forEachDatabase(t, "soft logout", async (t, db) => {
    // The server's clock is real time plus an offset the test moves: hours pass at once.
    const clock = { offset: 0 };
    const hs = await startTestHomeserver(t, db, { clock: () => Date.now() + clock.offset });
    const registered = await hs.registerUser("alice");
    const alice = await WardClient.login({ baseUrl: hs.url, user: "alice", password: TEST_PASSWORD, ...FAST_RETRIES });
    t.teardown(() => alice.stop());
    t.same(await alice.whoami(), { user_id: registered.userId, device_id: alice.deviceId, is_guest: false });
    await alice.start();

    const ended = waitFor(alice, "sessionEnded");
    const stopped = waitFor(alice, "syncState", (s) => s.state === "stopped");
    clock.offset += FOUR_HOURS + IDLE_SLACK_MS;
    await t.rejects(alice.whoami(), { name: "WardApiError", errcode: "M_UNKNOWN_TOKEN", softLogout: true, status: 401 });
    const { reason, error } = await ended;
    t.equal(reason, "softLogout");
    t.ok(error.softLogout);
    await stopped;
    t.equal(alice.syncState, "stopped", "the sync loop stops");

    const deviceId = alice.deviceId;
    await alice.resumeSession(TEST_PASSWORD);
    t.equal(alice.deviceId, deviceId, "the same device carries on");
    await alice.start();
    t.equal(alice.syncState, "syncing");
    t.equal((await alice.whoami()).user_id, registered.userId);
  });
});

t.test("a session ended elsewhere, and logout", async (t) => {
  await forEachDatabase(t, "ended", async (t, db) => {
    const ward = await startServer(t, db);
    const bob = await newClient(t, ward, "bob");
    await bob.start();
    const ended = waitFor(bob, "sessionEnded");
    // Bob signs out everywhere from another device: the long-poll waiting now ends with 401.
    const other = await WardClient.login({ baseUrl: ward.url, user: "bob", password: PASSWORD });
    await other.http.call(clientLogin.logoutAll);
    const { reason } = await ended;
    t.equal(reason, "unknownToken");

    const carol = await newClient(t, ward, "carol");
    await carol.start();
    const token = carol.accessToken!;
    await carol.logout();
    t.equal(carol.syncState, "stopped");
    t.equal(carol.accessToken, undefined);
    const res = await ward.request("GET", "/_matrix/client/v3/account/whoami", { token });
    t.equal(res.body.errcode, "M_UNKNOWN_TOKEN", "the old token no longer works");
    await t.rejects(carol.whoami(), WardApiError);
  });
});
