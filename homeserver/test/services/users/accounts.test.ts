import t from "tap";
import { MemoryBus } from "../../../src/bus/memory.js";
import { createAccountsService } from "../../../src/services/users/accounts.js";
import { hashAccessToken, tokenHashKey } from "../../../src/services/users/tokens.js";
import { UiaRequired } from "../../../src/services/users/uia.js";
import { accessTokensTable } from "../../../src/store/tables/access-tokens.js";
import { usersTable } from "../../../src/store/tables/users.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver, TEST_PASSWORD } from "../../helpers/homeserver.js";

const login = (user: string, password = TEST_PASSWORD) => ({ type: "m.login.password", identifier: { type: "m.id.user", user }, password });

await forEachDatabase(t, "createUser: stores an argon2id hash and the admin flag", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const accounts = hs.services.accounts;
  t.equal(await accounts.createUser({ localpart: "alice", password: TEST_PASSWORD, admin: true }), "@alice:localhost");
  t.equal(await accounts.createUser({ localpart: "robot", password: null }), "@robot:localhost");
  const alice = await usersTable.get(db, "@alice:localhost");
  t.match(alice, { localpart: "alice", isAdmin: true, deactivated: false, firstLoginTs: null });
  t.match(alice?.passwordHash, /^\$argon2id\$/);
  t.equal((await usersTable.get(db, "@robot:localhost"))?.passwordHash, null);
  t.equal(await accounts.checkPassword("@alice:localhost", TEST_PASSWORD), true);
  t.equal(await accounts.checkPassword("@alice:localhost", "wrong password"), false);
  t.equal(await accounts.checkPassword("@robot:localhost", ""), false, "no password: nothing matches");
  t.equal(await accounts.checkPassword("@nobody:localhost", TEST_PASSWORD), false);
  await usersTable.deactivate(db, "@alice:localhost");
  t.equal(await accounts.checkPassword("@alice:localhost", TEST_PASSWORD), false, "deactivated");
});

await forEachDatabase(t, "createUser refuses taken, invalid and weak", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const accounts = hs.services.accounts;
  await accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  await t.rejects(accounts.createUser({ localpart: "alice", password: TEST_PASSWORD }), { name: "MatrixError", status: 400, errcode: "M_USER_IN_USE" });
  await t.rejects(accounts.createUser({ localpart: "Alice", password: TEST_PASSWORD }), { name: "MatrixError", status: 400, errcode: "M_INVALID_USERNAME" }, "no folding here: the CLI is exact");
  await t.rejects(accounts.createUser({ localpart: "", password: TEST_PASSWORD }), { name: "MatrixError", errcode: "M_INVALID_USERNAME" });
  await t.rejects(accounts.createUser({ localpart: "bob", password: "eleven char" }), { name: "MatrixError", status: 400, errcode: "M_WEAK_PASSWORD" });
  await t.rejects(accounts.createUser({ localpart: "bob", password: "qwerty123456" }), { name: "MatrixError", status: 400, errcode: "M_WEAK_PASSWORD" }, "a common password");
  t.ok(await accounts.createUser({ localpart: "bob", password: "twelve chars" }), "twelve characters are enough");
  t.equal((await db.query("SELECT user_id FROM users")).length, 2);
});

await forEachDatabase(t, "m.login.password as a UIA stage, for the operation's own user", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const { uia } = hs.services.accounts;
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  await hs.services.accounts.createUser({ localpart: "bob", password: "bobs password" });
  const policy = { purpose: "delete_devices", userId: "@alice:localhost", flows: [{ stages: ["m.login.password"] }] };
  const failures: Array<[string, Record<string, unknown>]> = [
    ["wrong password", { identifier: { type: "m.id.user", user: "alice" }, password: "nope nope" }],
    ["someone else's right password", { identifier: { type: "m.id.user", user: "bob" }, password: "bobs password" }],
    ["unknown user", { identifier: { type: "m.id.user", user: "nobody" }, password: TEST_PASSWORD }],
  ];
  for (const [name, fields] of failures) {
    const err = await uia.authenticate({ type: "m.login.password", ...fields }, policy).catch((e: unknown) => e);
    t.ok(err instanceof UiaRequired, name);
    t.match((err as UiaRequired).toJSON(), { errcode: "M_FORBIDDEN", flows: policy.flows }, name);
  }
  const missing = await uia.authenticate({ type: "m.login.password", user: "alice" }, policy).catch((e: unknown) => e);
  t.match((missing as UiaRequired).toJSON(), { errcode: "M_MISSING_PARAM" });
  for (const fields of [
    { identifier: { type: "m.id.user", user: "alice" }, password: TEST_PASSWORD },
    { identifier: { type: "m.id.user", user: "@alice:localhost" }, password: TEST_PASSWORD },
    { user: "alice", password: TEST_PASSWORD },
  ]) {
    t.match(await uia.authenticate({ type: "m.login.password", ...fields }, policy), /^[a-z0-9]{24}$/);
  }
});

await forEachDatabase(t, "login upgrades a hash made with older settings", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  await hs.services.accounts.createUser({ localpart: "alice", password: TEST_PASSWORD });
  const old = (await usersTable.get(db, "@alice:localhost"))?.passwordHash;
  t.match(old, /\$m=8,t=1,p=1\$/);
  const stronger = await createAccountsService({ ...hs.context, config: { ...hs.config, passwordHashing: { opsLimit: 2, memLimit: 16384 } } });
  await stronger.login(login("alice"));
  const upgraded = (await usersTable.get(db, "@alice:localhost"))?.passwordHash;
  t.match(upgraded, /\$m=16,t=2,p=1\$/);
  t.equal(await stronger.checkPassword("@alice:localhost", TEST_PASSWORD), true, "the same password still works");
  await stronger.login(login("alice"));
  t.equal((await usersTable.get(db, "@alice:localhost"))?.passwordHash, upgraded, "an up-to-date hash is left alone");
});

await forEachDatabase(t, "revocations are published after COMMIT", async (t, db) => {
  const bus = new MemoryBus();
  const hs = await startTestHomeserver(t, db, { bus });
  const alice = await hs.registerUser("alice");
  const hash = tokenHashKey(hashAccessToken(alice.accessToken));
  const observed = new Promise<unknown>((resolve) => {
    bus.subscribe((message) => {
      // What a woken reader sees at that moment: the token must already be gone.
      if (message.kind === "session-revoked") void accessTokensTable.lookup(db, hashAccessToken(alice.accessToken)).then((row) => resolve({ message, row }));
    });
  });
  await hs.services.accounts.logout({ userId: alice.userId, deviceId: alice.deviceId, tokenHash: hash, isGuest: false });
  t.strictSame(await observed, { message: { kind: "session-revoked", tokenHashes: [hash] }, row: null });
});

await forEachDatabase(t, "a failing bus does not fail the logout", async (t, db) => {
  const bus = new MemoryBus();
  bus.publish = async () => {
    throw new Error("redis is down");
  };
  const hs = await startTestHomeserver(t, db, { bus });
  const alice = await hs.registerUser("alice");
  await hs.services.accounts.logoutAll({ userId: alice.userId, deviceId: alice.deviceId, tokenHash: "x", isGuest: false });
  t.equal(await hs.services.accounts.sessions.resolve(alice.accessToken), null);
});
