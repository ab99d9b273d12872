/**
 * Sign-in throttling over HTTP: after 10 failures in 15 minutes an account's
 * sign-in is locked for 15 minutes (401 M_USER_LOCKED, soft_logout: true);
 * after 30 from one address, that address gets 429. Unknown names behave
 * exactly like real ones. The state is in the database, so a second
 * homeserver process on the same database sees the same lock.
 */
import t from "tap";
import { createAccountsService } from "../../../src/services/users/accounts.js";
import type { PasswordHasher } from "../../../src/services/users/passwords.js";
import { ACCOUNT_RULE, ADDRESS_RULE } from "../../../src/services/users/sign-in-throttle.js";
import type { Database } from "../../../src/store/database.js";
import { forEachDatabase, type Tap } from "../../helpers/databases.js";
import { startTestHomeserver, TEST_PASSWORD, type TestHomeserver } from "../../helpers/homeserver.js";
import { validateError } from "../../helpers/openapi.js";

const V3 = "/_matrix/client/v3";
const LOGIN = `${V3}/login`;
const WHOAMI = `${V3}/account/whoami`;

type Clock = { offset: number };

async function server(t: Tap, db: Database, clock: Clock, trustProxy = false): Promise<TestHomeserver> {
  return startTestHomeserver(t, db, { clock: () => Date.now() + clock.offset, config: { trustProxy } });
}

const login = (hs: TestHomeserver, user: string, password: string, from?: string) =>
  hs.request("POST", LOGIN, {
    body: { type: "m.login.password", identifier: { type: "m.id.user", user }, password },
    ...(from ? { headers: { "X-Forwarded-For": from } } : {}),
  });

/** What a client can see of an answer. */
const seen = (res: { status: number; json: any }) => [res.status, res.json?.errcode, res.json?.error, res.json?.soft_logout];

await forEachDatabase(t, "10 failures lock sign-in for 15 minutes; an unknown user looks exactly the same", async (t, db) => {
  const clock = { offset: 0 };
  const hs = await server(t, db, clock);
  const alice = await hs.registerUser("alice");
  for (let i = 1; i <= ACCOUNT_RULE.maxFailures; i++) {
    const real = await login(hs, "alice", `wrong password ${i}`);
    const unknown = await login(hs, "nobody", `wrong password ${i}`);
    t.same(seen(real), [403, "M_FORBIDDEN", "Invalid username or password", undefined], `failure ${i}`);
    t.same(seen(unknown), seen(real), `failure ${i}: unknown user answered alike`);
  }
  const locked = await login(hs, "alice", TEST_PASSWORD);
  t.same(seen(locked), [401, "M_USER_LOCKED", locked.json.error, true], "even the right password is refused");
  t.strictSame(validateError(locked.json), []);
  t.same(seen(await login(hs, "nobody", TEST_PASSWORD)), seen(locked), "the unknown name is locked alike");
  t.same(seen(await login(hs, "bob", "wrong password")), [403, "M_FORBIDDEN", "Invalid username or password", undefined], "other accounts are not locked");
  t.equal((await hs.request("GET", WHOAMI, { token: alice.accessToken })).status, 200, "sessions alice already has keep working");

  // Tries during the lock are not counted: the lock does not grow.
  clock.offset += ACCOUNT_RULE.lockMs - 1000;
  t.equal((await login(hs, "alice", "one more guess")).json.errcode, "M_USER_LOCKED");
  clock.offset += 1000;
  t.equal((await login(hs, "alice", TEST_PASSWORD)).status, 200, "after the fixed lock period");
});

await forEachDatabase(t, "a successful sign-in clears the count; failures spread over windows never lock", async (t, db) => {
  const clock = { offset: 0 };
  const hs = await server(t, db, clock);
  await hs.registerUser("alice");
  const fail = async (n: number) => {
    for (let i = 0; i < n; i++) t.equal((await login(hs, "alice", "wrong password")).status, 403);
  };
  await fail(ACCOUNT_RULE.maxFailures - 1);
  t.equal((await login(hs, "alice", TEST_PASSWORD)).status, 200);
  await fail(ACCOUNT_RULE.maxFailures - 1);
  t.equal((await login(hs, "alice", TEST_PASSWORD)).status, 200, "the count started again at the success");
  await fail(ACCOUNT_RULE.maxFailures - 1);
  clock.offset += ACCOUNT_RULE.windowMs;
  await fail(ACCOUNT_RULE.maxFailures - 1);
  t.equal((await login(hs, "alice", TEST_PASSWORD)).status, 200, "a new window began");
});

await forEachDatabase(t, "a locked account cannot pass the UIA password stage either, and UIA failures count", async (t, db) => {
  const clock = { offset: 0 };
  const hs = await server(t, db, clock);
  const alice = await hs.registerUser("alice");
  const challenge = await hs.request("POST", `${V3}/account/password`, { token: alice.accessToken, body: { new_password: "a brand new passphrase" } });
  const attempt = (password: string) =>
    hs.request("POST", `${V3}/account/password`, {
      token: alice.accessToken,
      body: { new_password: "a brand new passphrase", auth: { type: "m.login.password", identifier: { type: "m.id.user", user: "alice" }, password, session: challenge.json.session } },
    });
  for (let i = 0; i < ACCOUNT_RULE.maxFailures; i++) t.same([(await attempt("wrong password")).json.errcode], ["M_FORBIDDEN"]);
  const locked = await attempt(TEST_PASSWORD);
  t.same([locked.status, locked.json.errcode], [401, "M_USER_LOCKED"]);
  t.equal((await login(hs, "alice", TEST_PASSWORD)).json.errcode, "M_USER_LOCKED", "and sign-in is locked too");
  t.ok(await hs.services.accounts.checkPassword(alice.userId, TEST_PASSWORD), "the password is unchanged");
});

await forEachDatabase(t, "30 failures from one address stop sign-ins from it with 429 (X-Forwarded-For behind a trusted proxy)", async (t, db) => {
  const clock = { offset: 0 };
  const hs = await server(t, db, clock, true);
  await hs.registerUser("alice");
  const attacker = "203.0.113.7";
  for (let i = 0; i < ADDRESS_RULE.maxFailures; i++) {
    // Many names, few tries each: no account reaches its own limit.
    t.equal((await login(hs, `user${i % 5}`, "guess", attacker)).status, 403);
  }
  const stopped = await login(hs, "alice", TEST_PASSWORD, attacker);
  t.same([stopped.status, stopped.json.errcode], [429, "M_LIMIT_EXCEEDED"]);
  t.ok(stopped.json.retry_after_ms > 0 && stopped.json.retry_after_ms <= ADDRESS_RULE.lockMs);
  t.match(stopped.headers.get("retry-after"), /^\d+$/);
  t.strictSame(validateError(stopped.json), []);
  t.equal((await login(hs, "alice", TEST_PASSWORD, "198.51.100.2")).status, 200, "other addresses are not affected");
  clock.offset += ADDRESS_RULE.lockMs;
  t.equal((await login(hs, "alice", TEST_PASSWORD, attacker)).status, 200, "after the lock period");
});

await forEachDatabase(t, "the lock holds across two homeserver processes sharing the database", async (t, db) => {
  const clock = { offset: 0 };
  const first = await server(t, db, clock);
  const second = await server(t, db, clock);
  await first.registerUser("alice");
  for (let i = 0; i < ACCOUNT_RULE.maxFailures; i++) {
    t.equal((await login(i % 2 === 0 ? first : second, "alice", "wrong password")).status, 403);
  }
  t.equal((await login(second, "alice", TEST_PASSWORD)).json.errcode, "M_USER_LOCKED", "the second process");
  t.equal((await login(first, "alice", TEST_PASSWORD)).json.errcode, "M_USER_LOCKED", "the first process");
});

await forEachDatabase(t, "an unknown user costs one password hash, like a wrong password", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const calls: string[] = [];
  const real = hs.services.accounts.passwords;
  const counting: PasswordHasher = {
    hash: (p) => (calls.push("hash"), real.hash(p)),
    verify: (h, p) => (calls.push("verify"), real.verify(h, p)),
    verifyNobody: (p) => (calls.push("verify"), real.verifyNobody(p)),
    needsRehash: (h) => real.needsRehash(h),
  };
  const accounts = await createAccountsService(hs.context, { passwords: counting });
  await accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  calls.length = 0;
  const answer = (user: string) =>
    accounts.login({ type: "m.login.password", identifier: { type: "m.id.user", user }, password: "wrong password" }).catch((e: unknown) => e);
  const wrong = await answer("alice");
  t.strictSame(calls, ["verify"], "wrong password: one verification");
  calls.length = 0;
  const unknown = await answer("nobody");
  t.strictSame(calls, ["verify"], "unknown user: one verification of a dummy hash");
  t.same([(unknown as Error).message, (unknown as { errcode: string }).errcode], [(wrong as Error).message, (wrong as { errcode: string }).errcode]);
});
