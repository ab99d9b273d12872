import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateResponse } from "../../helpers/openapi.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";

await forEachDatabase(t, "GET /capabilities", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const res = await hs.request("GET", "/_matrix/client/v3/capabilities", { token: alice.accessToken });
  t.equal(res.status, 200);
  t.strictSame(res.json, {
    capabilities: {
      "m.change_password": { enabled: true },
      "m.room_versions": { default: "12", available: { "10": "stable", "11": "stable", "12": "stable" } },
      "m.set_displayname": { enabled: true },
      "m.set_avatar_url": { enabled: true },
      "m.3pid_changes": { enabled: false },
    },
  });
  const anonymous = await hs.request("GET", "/_matrix/client/v3/capabilities");
  t.equal(anonymous.status, 401);
  t.equal(anonymous.json.errcode, "M_MISSING_TOKEN");
});

await forEachDatabase(t, "capabilities conform to the spec's OpenAPI", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const res = await hs.request("GET", "/_matrix/client/v3/capabilities", { token: alice.accessToken });
  t.strictSame(validateResponse("GET", "/_matrix/client/v3/capabilities", 200, res.json), []);
});
