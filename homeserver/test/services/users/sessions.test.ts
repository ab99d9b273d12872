import t from "tap";
import { MemoryBus } from "../../../src/bus/memory.js";
import { sodiumReady } from "../../../src/crypto/sodium.js";
import { MAX_IDLE_TIMEOUT_MS } from "../../../src/services/users/idle-timeout.js";
import { createSessionResolver, IDLE_SLACK_MS, TOUCH_INTERVAL_MS } from "../../../src/services/users/sessions.js";
import { hashAccessToken, newAccessToken, tokenHashKey } from "../../../src/services/users/tokens.js";
import type { Database } from "../../../src/store/database.js";
import { accessTokensTable } from "../../../src/store/tables/access-tokens.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { recordStatements } from "../../helpers/statements.js";
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
    endsTs: T0 + MAX_IDLE_TIMEOUT_MS + IDLE_SLACK_MS,
  });
  t.equal(await resolver.resolve(newAccessToken()), null, "unknown");
  t.equal(await resolver.resolve(""), null);
  t.equal(await resolver.resolve(alice.token.toUpperCase()), null, "tokens are case-sensitive");
});

await forEachDatabase(t, "deactivated users resolve to nothing; tokens past their end to a soft logout", async (t, db) => {
  const alice = await withToken(db, "alice");
  const bob = await withToken(db, "bob", { expiresTs: T0 + 1000 });
  let now = T0;
  const resolver = createSessionResolver({ db, clock: () => now });
  t.match(await resolver.resolve(bob.token), { userId: bob.userId, endsTs: T0 + 1000 });
  now = T0 + 1000;
  t.strictSame(await resolver.resolve(bob.token), { expired: true });
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

await forEachDatabase(t, "idle timeout: activity moves the end, background use does not, the end sticks", async (t, db) => {
  const alice = await withToken(db, "alice");
  let now = T0;
  let idleMs = 10 * 60_000;
  const resolver = createSessionResolver({ db, clock: () => now }, { idleTimeoutMs: async () => idleMs });
  const hash = tokenHashKey(hashAccessToken(alice.token));

  now = T0 + 9 * 60_000;
  t.match(await resolver.resolve(alice.token, { activity: false }), { endsTs: T0 + idleMs + IDLE_SLACK_MS }, "background: the end stays");
  t.strictSame(await usedAt(db, alice.token), [now, T0], "use recorded, activity not");
  now = T0 + idleMs;
  t.match(await resolver.resolve(alice.token, { activity: true }), { endsTs: now + idleMs + IDLE_SLACK_MS }, "activity: the end moves");
  t.strictSame(await usedAt(db, alice.token), [now, now]);
  const active = now;

  now = active + idleMs + IDLE_SLACK_MS - 1;
  t.match(await resolver.standing!({ userId: alice.userId, deviceId: alice.deviceId, tokenHash: hash, isGuest: false }), { endsTs: active + idleMs + IDLE_SLACK_MS });
  now = active + idleMs + IDLE_SLACK_MS;
  t.strictSame(await resolver.resolve(alice.token, { activity: false }), { expired: true }, "idle past the timeout and the slack");
  t.strictSame(await resolver.resolve(alice.token, { activity: true }), { expired: true }, "activity cannot revive it");
  idleMs = MAX_IDLE_TIMEOUT_MS;
  t.strictSame(await resolver.resolve(alice.token), { expired: true }, "nor a longer org timeout: the end was written down");
  t.equal((await accessTokensTable.lookup(db, hashAccessToken(alice.token)))?.expiresTs, active + 10 * 60_000 + IDLE_SLACK_MS);
});

await forEachDatabase(t, "an absolute lifetime ends even a busy session", async (t, db) => {
  const alice = await withToken(db, "alice");
  let now = T0;
  const resolver = createSessionResolver({ db, clock: () => now }, { maxLifetimeMs: 30 * 60_000 });
  for (const minutes of [5, 10, 15, 20, 25]) {
    now = T0 + minutes * 60_000;
    t.ok(await resolver.resolve(alice.token), `busy at ${minutes} min`);
  }
  now = T0 + 29 * 60_000;
  t.match(await resolver.resolve(alice.token), { endsTs: T0 + 30 * 60_000 }, "the lifetime is the nearer end");
  now = T0 + 30 * 60_000;
  t.strictSame(await resolver.resolve(alice.token), { expired: true });
});

await forEachDatabase(t, "standing: a deleted token is gone, not timed out", async (t, db) => {
  const alice = await withToken(db, "alice");
  const resolver = createSessionResolver({ db, clock: () => T0 });
  const session = { userId: alice.userId, deviceId: alice.deviceId, tokenHash: tokenHashKey(hashAccessToken(alice.token)), isGuest: false };
  t.ok(await resolver.standing!(session));
  await accessTokensTable.delete(db, hashAccessToken(alice.token));
  t.equal(await resolver.standing!(session), null);
});

/** A resolver with a bus (the app's: rows cached for CACHE_MS), counting its token lookups. */
function cachingResolver(db: Database, clock: () => number) {
  const bus = new MemoryBus();
  const recorded = recordStatements(db);
  const resolver = createSessionResolver({ db: recorded.q, clock, bus });
  return { resolver, bus, lookups: () => recorded.count("FROM access_tokens t") };
}

await forEachDatabase(t, "a cached row answers for a few seconds; a revocation on the bus ends it at once", async (t, db) => {
  const alice = await withToken(db, "alice");
  const bob = await withToken(db, "bob");
  const { resolver, bus, lookups } = cachingResolver(db, () => T0);
  t.match(await resolver.resolve(alice.token), { userId: alice.userId });
  t.match(await resolver.resolve(alice.token), { userId: alice.userId });
  t.match(await resolver.resolve(bob.token), { userId: bob.userId });
  t.equal(lookups(), 2, "one lookup per token");
  await accessTokensTable.delete(db, hashAccessToken(alice.token));
  await bus.publish({ kind: "session-revoked", tokenHashes: [tokenHashKey(hashAccessToken(alice.token))] });
  t.equal(await resolver.resolve(alice.token), null, "revoked: gone at once");
  t.match(await resolver.resolve(bob.token), { userId: bob.userId }, "other sessions keep their rows");
  t.equal(lookups(), 3);
  t.equal(await resolver.resolve(newAccessToken()), null, "unknown tokens are not cached");
  t.equal(await resolver.resolve(newAccessToken()), null);
  t.equal(lookups(), 5);
});

await forEachDatabase(t, "a cached row that says the session ended is read again: another process may have seen activity", async (t, db) => {
  const alice = await withToken(db, "alice");
  let now = T0;
  const { resolver, lookups } = cachingResolver(db, () => now);
  await resolver.resolve(alice.token);
  // Another process records activity; then this process's copy would say idle.
  const later = T0 + MAX_IDLE_TIMEOUT_MS;
  await accessTokensTable.touch(db, hashAccessToken(alice.token), later, true);
  now = T0 + MAX_IDLE_TIMEOUT_MS + IDLE_SLACK_MS;
  t.match(await resolver.resolve(alice.token), { userId: alice.userId }, "still on: the row says so");
  t.equal(lookups(), 2);
  now += MAX_IDLE_TIMEOUT_MS + IDLE_SLACK_MS; // that request was activity, written to the row and the copy
  t.strictSame(await resolver.resolve(alice.token), { expired: true }, "and it ends when the row says so");
});
