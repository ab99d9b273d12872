import t from "tap";
import { forEachDatabase } from "./databases.js";
import { startTestHomeserver, TEST_PASSWORD } from "./homeserver.js";

await forEachDatabase(t, "a test homeserver serves versions and registers users", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const versions = await hs.request("GET", "/_matrix/client/versions");
  t.equal(versions.status, 200);
  t.ok(Array.isArray(versions.json.versions));
  const alice = await hs.registerUser("alice");
  t.equal(alice.userId, "@alice:localhost");
  t.match(alice.accessToken, /^ward_[A-Za-z0-9_-]{43}$/);
  t.match(alice.deviceId, /^[A-Z]{10}$/);
  t.equal(await hs.services.accounts.checkPassword(alice.userId, TEST_PASSWORD), true);
  const whoami = await hs.request("GET", "/_matrix/client/v3/account/whoami", { token: alice.accessToken });
  t.equal(whoami.status, 200);
  t.same(whoami.json, { user_id: "@alice:localhost", device_id: alice.deviceId, is_guest: false });
  const anonymous = await hs.request("GET", "/_matrix/client/v3/account/whoami");
  t.equal(anonymous.status, 401);
  t.equal(anonymous.json.errcode, "M_MISSING_TOKEN");
  const bob = await hs.registerUser("bob", "another password");
  t.not(bob.accessToken, alice.accessToken);
  t.equal(hs.config.enableRegistration, true);
});
