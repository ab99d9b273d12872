/**
 * POST /user_directory/search: the staff directory (services/staff). Every
 * listed colleague is found by localpart, user ID or display name, not only
 * people one shares a room with; lists only active staff who have logged in
 * (not bots unless marked as staff); `limited` says whether more matched
 * than the limit.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";
import { startTestHomeserver, TEST_PASSWORD } from "../../helpers/homeserver.js";

const SEARCH = "/_matrix/client/v3/user_directory/search";

await forEachDatabase(t, "POST /user_directory/search finds users by ID and display name", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  await hs.registerUser("carol");
  await hs.request("PUT", `/_matrix/client/v3/profile/${encodeURIComponent(bob.userId)}/displayname`, {
    token: bob.accessToken,
    body: { displayname: "Robert Smith" },
  });
  // Never logged in: not listed.
  await hs.services.accounts.createUser({ localpart: "bobby", password: null });
  const search = (body: object) => hs.request("POST", SEARCH, { token: alice.accessToken, body });

  const byName = await search({ search_term: "robert" });
  t.equal(byName.status, 200);
  t.strictSame(validateResponse("POST", SEARCH, 200, byName.json), []);
  t.strictSame(byName.json, { results: [{ user_id: bob.userId, display_name: "Robert Smith" }], limited: false });

  const byId = await search({ search_term: "bob" });
  t.strictSame(byId.json.results.map((r: { user_id: string }) => r.user_id), [bob.userId], "a user who never logged in is not listed");
  const byFullId = await search({ search_term: bob.userId });
  t.strictSame(byFullId.json.results.map((r: { user_id: string }) => r.user_id), [bob.userId], "a full user ID finds its user");

  const all = await search({ search_term: "", limit: 2 });
  t.strictSame(all.json.results.map((r: { user_id: string }) => r.user_id), [alice.userId, "@carol:localhost"], "ordered by display name, else user name");
  t.equal(all.json.limited, true, "more matched than the limit");
  const unlimited = await search({ search_term: "" });
  t.equal(unlimited.json.results.length, 3);
  t.equal(unlimited.json.limited, false);

  const percent = await search({ search_term: "%" });
  t.strictSame(percent.json.results, [], "LIKE wildcards match literally");
  const words = await search({ search_term: "smith rob" });
  t.strictSame(words.json.results.map((r: { user_id: string }) => r.user_id), [bob.userId], "every word matches, in any order");
  const none = await search({ search_term: "", limit: 0 });
  t.strictSame(none.json, { results: [], limited: true });
});

await forEachDatabase(t, "POST /user_directory/search: everyone in the directory, shared room or not; bots only as staff", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  await hs.registerUser("stranger");
  await hs.services.accounts.createUser({ localpart: "helperbot", password: TEST_PASSWORD, bot: true });
  await hs.services.accounts.createUser({ localpart: "pagerbot", password: TEST_PASSWORD, bot: true, staff: true });
  for (const bot of ["@helperbot:localhost", "@pagerbot:localhost"]) await hs.services.accounts.openSession({ userId: bot });
  const res = await hs.request("POST", SEARCH, { token: alice.accessToken, body: { search_term: "" } });
  t.strictSame(res.json, { results: [{ user_id: alice.userId }, { user_id: "@pagerbot:localhost" }, { user_id: "@stranger:localhost" }], limited: false });
});

await forEachDatabase(t, "POST /user_directory/search: limit capped at 50, deactivated users never listed", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  for (let i = 0; i < 52; i++) await hs.registerUser(`user${String(i).padStart(2, "0")}`);
  const capped = await hs.request("POST", SEARCH, { token: alice.accessToken, body: { search_term: "user", limit: 1000 } });
  t.equal(capped.json.results.length, 50);
  t.equal(capped.json.limited, true);

  await db.query("UPDATE users SET deactivated = true WHERE localpart = 'user00'");
  const res = await hs.request("POST", SEARCH, { token: alice.accessToken, body: { search_term: "user00" } });
  t.strictSame(res.json, { results: [], limited: false });
});

await forEachDatabase(t, "POST /user_directory/search: bad input", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const cases: Array<[string, unknown, number, string]> = [
    ["missing search_term", {}, 400, "M_MISSING_PARAM"],
    ["search_term not a string", { search_term: 5 }, 400, "M_BAD_JSON"],
    ["negative limit", { search_term: "a", limit: -1 }, 400, "M_BAD_JSON"],
    ["fractional limit", { search_term: "a", limit: 1.5 }, 400, "M_BAD_JSON"],
  ];
  for (const [what, body, status, errcode] of cases) {
    const res = await hs.request("POST", SEARCH, { token: alice.accessToken, body });
    t.same([res.status, res.json.errcode], [status, errcode], what);
    t.strictSame(validateError(res.json), [], what);
  }
  const anonymous = await hs.request("POST", SEARCH, { body: { search_term: "a" } });
  t.same([anonymous.status, anonymous.json.errcode], [401, "M_MISSING_TOKEN"]);
});
