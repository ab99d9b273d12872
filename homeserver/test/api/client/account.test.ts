import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateResponse } from "../../helpers/openapi.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";

const WHOAMI = "/_matrix/client/v3/account/whoami";

await forEachDatabase(t, "GET /account/whoami", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  for (const path of [WHOAMI, "/_matrix/client/r0/account/whoami"]) {
    const res = await hs.request("GET", path, { token: alice.accessToken });
    t.equal(res.status, 200, path);
    t.strictSame(res.json, { user_id: "@alice:localhost", device_id: alice.deviceId, is_guest: false }, path);
  }
  const missing = await hs.request("GET", WHOAMI);
  t.equal(missing.status, 401);
  t.equal(missing.json.errcode, "M_MISSING_TOKEN");
  const unknown = await hs.request("GET", WHOAMI, { token: "ward_notarealtoken" });
  t.equal(unknown.status, 401);
  t.strictSame(unknown.json, { errcode: "M_UNKNOWN_TOKEN", error: "Unknown access token", soft_logout: false });
  const inUrl = await hs.request("GET", `${WHOAMI}?access_token=${alice.accessToken}`);
  t.equal(inUrl.status, 401, "tokens are only read from the Authorization header");
  t.equal(inUrl.json.errcode, "M_MISSING_TOKEN");
});

await forEachDatabase(t, "a deactivated user's token stops working at once", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  await db.query("UPDATE users SET deactivated = true WHERE user_id = $1", [alice.userId]);
  const res = await hs.request("GET", WHOAMI, { token: alice.accessToken });
  t.equal(res.status, 401);
  t.equal(res.json.errcode, "M_UNKNOWN_TOKEN");
});

await forEachDatabase(t, "whoami conforms to the spec's OpenAPI", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const res = await hs.request("GET", WHOAMI, { token: alice.accessToken });
  t.strictSame(validateResponse("GET", WHOAMI, 200, res.json), []);
  const unknown = await hs.request("GET", WHOAMI, { token: "nope" });
  t.strictSame(validateResponse("GET", WHOAMI, 401, unknown.json), []);
});
