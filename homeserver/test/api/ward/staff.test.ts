/**
 * GET /_ward/client/v1/directory (the staff directory) and the rule it
 * carries: staff invite and create rooms only with people in it. Who enters
 * it: a password login, a registration that signs in; not an account made
 * by an admin until it logs in, not a registration with inhibit_login, not a
 * bot unless marked as staff, not a deactivated account.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver, TEST_PASSWORD, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { validateError } from "../../helpers/openapi.js";
import { roomPath, V3 } from "../client/room-helpers.js";

const DIRECTORY = "/_ward/client/v1/directory";

const listed = async (hs: TestHomeserver, user: TestUser, query = ""): Promise<string[]> => {
  const res = await hs.request("GET", `${DIRECTORY}${query}`, { token: user.accessToken });
  if (res.status !== 200) throw new Error(`directory: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.chunk.map((m: { user_id: string }) => m.user_id);
};

const login = (hs: TestHomeserver, user: string) =>
  hs.request("POST", `${V3}/login`, { body: { type: "m.login.password", identifier: { type: "m.id.user", user }, password: TEST_PASSWORD } });

await forEachDatabase(t, "who is in the directory: signed-in staff, not admin-made accounts until they log in, not bots", async (t, db) => {
  validateError({});
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const carol = await hs.services.accounts.createUser({ localpart: "carol", password: TEST_PASSWORD });
  await hs.services.accounts.createUser({ localpart: "helperbot", password: TEST_PASSWORD, bot: true });
  await hs.services.accounts.createUser({ localpart: "pagerbot", password: TEST_PASSWORD, bot: true, staff: true });
  const register = async (username: string, extra: object) => {
    const first = await hs.request("POST", `${V3}/register`, { body: { username, password: TEST_PASSWORD } });
    const done = await hs.request("POST", `${V3}/register`, { body: { username, password: TEST_PASSWORD, auth: { type: "m.login.dummy", session: first.json.session }, ...extra } });
    t.equal(done.status, 200, `register ${username}`);
  };
  await register("dave", {});
  await register("erin", { inhibit_login: true });
  t.strictSame(await listed(hs, alice), ["@alice:localhost", "@dave:localhost"], "alice (logged in), dave (registered and signed in)");

  for (const user of ["carol", "helperbot", "pagerbot", "erin"]) t.equal((await login(hs, user)).status, 200, `${user} logs in`);
  t.strictSame(await listed(hs, alice), ["@alice:localhost", "@carol:localhost", "@dave:localhost", "@erin:localhost", "@pagerbot:localhost"], "the bot only when marked as staff");

  await db.query("UPDATE users SET deactivated = true WHERE user_id = $1", [carol]);
  t.notOk((await listed(hs, alice)).includes(carol), "deactivated: gone");

  const anonymous = await hs.request("GET", DIRECTORY);
  t.same([anonymous.status, anonymous.json.errcode], [401, "M_MISSING_TOKEN"]);
});

await forEachDatabase(t, "paging, search and bad input", async (t, db) => {
  const hs = await startTestHomeserver(t, db, { config: { rateLimits: { enabled: false, perSecond: 10, burst: 50 } } });
  const alice = await hs.registerUser("alice");
  for (const u of ["bob", "cat", "dot"]) await hs.registerUser(u);

  const first = await hs.request("GET", `${DIRECTORY}?limit=3`, { token: alice.accessToken });
  t.equal(first.status, 200);
  t.strictSame([first.json.chunk.map((m: { user_id: string }) => m.user_id), first.json.total], [["@alice:localhost", "@bob:localhost", "@cat:localhost"], 4]);
  const second = await hs.request("GET", `${DIRECTORY}?limit=3&from=${first.json.next_batch}`, { token: alice.accessToken });
  t.strictSame(second.json, { chunk: [{ user_id: "@dot:localhost" }], total: 4 });

  t.strictSame(await listed(hs, alice, "?search=%40bob"), ["@bob:localhost"], "@bob finds bob");
  t.strictSame(await listed(hs, alice, `?search=${encodeURIComponent("@cat:localhost")}`), ["@cat:localhost"]);

  const cases: Array<[string, number, string]> = [
    ["?limit=0", 400, "M_INVALID_PARAM"],
    ["?limit=501", 400, "M_INVALID_PARAM"],
    ["?limit=ten", 400, "M_INVALID_PARAM"],
    ["?from=not-a-token", 400, "M_INVALID_PARAM"],
  ];
  for (const [query, status, errcode] of cases) {
    const res = await hs.request("GET", `${DIRECTORY}${query}`, { token: alice.accessToken });
    t.same([res.status, res.json.errcode], [status, errcode], query);
    t.strictSame(validateError(res.json), [], query);
  }
});

await forEachDatabase(t, "invites and new rooms only with people in the directory; a refusal changes nothing", async (t, db) => {
  validateError({});
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const bob = await hs.registerUser("bob");
  const never = await hs.services.accounts.createUser({ localpart: "never", password: TEST_PASSWORD });
  const bot = await hs.services.accounts.createUser({ localpart: "helperbot", password: TEST_PASSWORD, bot: true });
  await login(hs, "helperbot");
  const refusal = (userId: string, why: string) => ({
    errcode: "M_FORBIDDEN",
    error: `${userId} ${why}, so they are not in the staff directory: only people in it can be messaged or invited`,
  });
  const NEVER = "has not signed in to Ward yet";
  const BOT = "is not a staff account (a bot not marked as staff)";

  const roomsBefore = await db.query("SELECT room_id FROM rooms");
  const create = await hs.request("POST", `${V3}/createRoom`, { token: alice.accessToken, body: { invite: [bob.userId, never] } });
  t.same([create.status, create.json], [403, refusal(never, NEVER)]);
  const direct = await hs.request("POST", `${V3}/createRoom`, { token: alice.accessToken, body: { invite: [bot], is_direct: true } });
  t.same([direct.status, direct.json], [403, refusal(bot, BOT)]);
  t.strictSame(await db.query("SELECT room_id FROM rooms"), roomsBefore, "no room was created");

  const ok = await hs.request("POST", `${V3}/createRoom`, { token: alice.accessToken, body: { invite: [bob.userId] } });
  t.equal(ok.status, 200, "bob is in the directory");
  const roomId = ok.json.room_id as string;
  const invite = (userId: string) => hs.request("POST", roomPath(roomId, "/invite"), { token: alice.accessToken, body: { user_id: userId } });
  const refused = await invite(never);
  t.same([refused.status, refused.json], [403, refusal(never, NEVER)]);
  t.strictSame(validateError(refused.json), []);
  t.same([(await invite(bot)).status], [403]);
  const members = await hs.request("GET", roomPath(roomId, "/members"), { token: alice.accessToken });
  t.strictSame(members.json.chunk.map((e: { state_key: string }) => e.state_key).sort(), [alice.userId, bob.userId], "no invite was written");

  // Once they sign in, they can be invited.
  t.equal((await login(hs, "never")).status, 200);
  t.equal((await invite(never)).status, 200);
  await db.query("UPDATE users SET is_staff = true WHERE user_id = $1", [bot]);
  t.equal((await invite(bot)).status, 200, "a bot marked as staff");
});
