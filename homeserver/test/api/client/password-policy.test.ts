/**
 * The password policy where passwords are chosen over HTTP: registration and
 * password change (the CLI: cli/create-user.test.ts). Refusals are 400
 * M_WEAK_PASSWORD with a message saying why, and change nothing.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver, TEST_PASSWORD } from "../../helpers/homeserver.js";
import { validateError } from "../../helpers/openapi.js";

const V3 = "/_matrix/client/v3";
const WEAK: Array<[string, string, RegExp]> = [
  ["eleven code points", "héllo wörl😀", /at least 12 characters/],
  ["a common password", "Qwerty123456", /commonly used/],
  ["a repetition", "abcabcabcabc", /repeats/],
];

await forEachDatabase(t, "registration: weak passwords refused before UIA, 12 code points with an emoji accepted", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  for (const [what, password, message] of WEAK) {
    const res = await hs.request("POST", `${V3}/register`, { body: { username: "bob", password, auth: { type: "m.login.dummy" } } });
    t.same([res.status, res.json.errcode], [400, "M_WEAK_PASSWORD"], what);
    t.match(res.json.error, message, what);
    t.strictSame(validateError(res.json), [], what);
  }
  t.strictSame(await db.query("SELECT user_id FROM users"), [], "no account made");
  const ok = await hs.request("POST", `${V3}/register`, { body: { username: "bob", password: "héllo wörld😀", auth: { type: "m.login.dummy" } } });
  t.equal(ok.status, 200);
  const login = await hs.request("POST", `${V3}/login`, { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "bob" }, password: "héllo wörld😀" } });
  t.equal(login.status, 200, "and it signs in");
});

await forEachDatabase(t, "password change: weak new passwords refused, the old one kept", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  for (const [what, password, message] of WEAK) {
    const res = await hs.request("POST", `${V3}/account/password`, { token: alice.accessToken, body: { new_password: password } });
    t.same([res.status, res.json.errcode], [400, "M_WEAK_PASSWORD"], what);
    t.match(res.json.error, message, what);
  }
  t.ok(await hs.services.accounts.checkPassword(alice.userId, TEST_PASSWORD));
});
