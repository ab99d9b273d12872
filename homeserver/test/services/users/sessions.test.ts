import t from "tap";
import { sodiumReady } from "../../../src/crypto/sodium.js";
import { createSessionResolver, TOUCH_INTERVAL_MS } from "../../../src/services/users/sessions.js";
import { hashAccessToken, newAccessToken, tokenHashKey } from "../../../src/services/users/tokens.js";
import type { Database } from "../../../src/store/database.js";
import { accessTokensTable } from "../../../src/store/tables/access-tokens.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { T0, insertUserWithDevice } from "../../store/fixtures.js";

await sodiumReady();

async function withToken(db: Database, localpart: string, mods: { expiresTs?: number | null } = {}) {
  const { userId, deviceId } = await insertUserWithDevice(db, localpart);
  const token = newAccessToken();
  await accessTokensTable.insert(db, {
    tokenHash: hashAccessToken(token), userId, deviceId, createdTs: T0, lastUsedTs: T0, lastActivityTs: T0, expiresTs: mods.expiresTs ?? null,
  });
  return { userId, deviceId, token };
}

const usedAt = async (db: Database, token: string) => {
  const row = await accessTokensTable.lookup(db, hashAccessToken(token));
  return [row?.lastUsedTs, row?.lastActivityTs];
};

await forEachDatabase(t, "a token resolves to its user, device and hash key", async (t, db) => {
  const alice = await withToken(db, "alice");
  const resolver = createSessionResolver({ db, clock: () => T0 });
  t.strictSame(await resolver.resolve(alice.token), {
    userId: alice.userId, deviceId: alice.deviceId, tokenHash: tokenHashKey(hashAccessToken(alice.token)), isGuest: false,
  });
  t.equal(await resolver.resolve(newAccessToken()), null, "unknown");
  t.equal(await resolver.resolve(""), null);
  t.equal(await resolver.resolve(alice.token.toUpperCase()), null, "tokens are case-sensitive");
});

await forEachDatabase(t, "deactivated users and expired tokens resolve to nothing", async (t, db) => {
  const alice = await withToken(db, "alice");
  const bob = await withToken(db, "bob", { expiresTs: T0 + 1000 });
  let now = T0;
  const resolver = createSessionResolver({ db, clock: () => now });
  t.ok(await resolver.resolve(bob.token));
  now = T0 + 1000;
  t.equal(await resolver.resolve(bob.token), null);
  await db.query("UPDATE users SET deactivated = true WHERE user_id = $1", [alice.userId]);
  t.equal(await resolver.resolve(alice.token), null);
});

await forEachDatabase(t, "use is written at most once a minute per token", async (t, db) => {
  const alice = await withToken(db, "alice");
  let now = T0 + 10;
  const resolver = createSessionResolver({ db, clock: () => now });
  await resolver.resolve(alice.token);
  t.strictSame(await usedAt(db, alice.token), [T0, T0], "used at creation a moment ago: no write");
  now = T0 + TOUCH_INTERVAL_MS - 1;
  await resolver.resolve(alice.token);
  t.strictSame(await usedAt(db, alice.token), [T0, T0]);
  now = T0 + TOUCH_INTERVAL_MS;
  await resolver.resolve(alice.token);
  t.strictSame(await usedAt(db, alice.token), [now, now], "a minute later: written");
  const written = now;
  now += 30_000;
  await createSessionResolver({ db, clock: () => now }).resolve(alice.token);
  t.strictSame(await usedAt(db, alice.token), [written, written], "judged from the row: another process skips it too");
});

await forEachDatabase(t, "the idle hook can end a session with soft logout", async (t, db) => {
  const alice = await withToken(db, "alice");
  const seen: number[] = [];
  const resolver = createSessionResolver(
    { db, clock: () => T0 + 5 },
    { idlePolicy: (session, now) => (seen.push(now - session.lastActivityTs), true) },
  );
  t.strictSame(await resolver.resolve(alice.token), { expired: true });
  t.strictSame(seen, [5]);
});
