import { randomBytes } from "node:crypto";
import t from "tap";
import { AtRestCipher, SealedDataError } from "../../src/crypto/at-rest.js";
import { rewrapDataKeys, rotateDataKey, type KeyEncryptionKeys } from "../../src/crypto/data-keys.js";
import { sodiumReady } from "../../src/crypto/sodium.js";
import { dataKeysTable } from "../../src/store/tables/data-keys.js";
import { forEachDatabase, TEST_MASTER_KEYS, testAtRestCipher, withCipher } from "../helpers/databases.js";

await sodiumReady();

const kek = (keyId: string, key = new Uint8Array(randomBytes(32))) => ({ keyId, key });
const keks = (...list: Array<{ keyId: string; key: Uint8Array }>): KeyEncryptionKeys => ({ atRest: list[0]!, atRestKeys: new Map(list.map((k) => [k.keyId, k])) });

await forEachDatabase(t, "seal and open: round trip, bound to its context, a flipped byte refused", async (t, db) => {
  const cipher = db.atRest;
  const sealed = cipher.seal("Patient: Jane Roe, room 4", ["events", "!r:x", "$e"]);
  t.equal(sealed.keyId, cipher.activeKeyId);
  t.equal(cipher.open(sealed, ["events", "!r:x", "$e"], "event $e"), "Patient: Jane Roe, room 4");
  t.notOk(Buffer.from(sealed.sealed).includes("Jane Roe"), "the sealed bytes do not hold the plaintext");
  t.not(Buffer.from(cipher.seal("same", ["c"]).sealed).toString("hex"), Buffer.from(cipher.seal("same", ["c"]).sealed).toString("hex"), "a fresh nonce each time");

  t.throws(() => cipher.open(sealed, ["events", "!r:x", "$other"], "event $other"), SealedDataError, "another event ID");
  t.throws(() => cipher.open(sealed, ["events", "!other:x", "$e"], "event $e"), SealedDataError, "another room");
  // JSON context: ["a,b"] and ["a", "b"] are different rows, whatever a naive join would say.
  const joined = cipher.seal("x", ["a,b"]);
  t.throws(() => cipher.open(joined, ["a", "b"], "row"), SealedDataError);
  for (const at of [0, 30, sealed.sealed.length - 1]) {
    const flipped = new Uint8Array(sealed.sealed);
    flipped[at]! ^= 1;
    t.throws(() => cipher.open({ ...sealed, sealed: flipped }, ["events", "!r:x", "$e"], "event $e"), SealedDataError, `byte ${at} flipped`);
  }
  t.throws(() => cipher.open({ ...sealed, sealed: sealed.sealed.subarray(0, 10) }, ["events", "!r:x", "$e"], "e"), SealedDataError, "truncated");
  t.throws(() => cipher.open({ ...sealed, keyId: "d_unknown" }, ["events", "!r:x", "$e"], "e"), /data key 'd_unknown'/);
  t.equal(cipher.open({ keyId: null, sealed: null, plain: "legacy" }, ["x"], "e"), "legacy", "a row from before encryption at rest is plaintext");
  t.throws(() => cipher.open({ keyId: null, sealed: null, plain: null }, ["x"], "e"), SealedDataError);
  const error = t.throws(() => cipher.open(sealed, ["events", "!r:x", "$other"], "event $other")) as Error;
  t.notMatch(error.message, /Jane/, "the error names the row, never the content");
});

await forEachDatabase(t, "first start creates one active data key, wrapped, even when processes race", async (t, db) => {
  const [before] = await dataKeysTable.all(db);
  t.ok(before?.active, "forEachDatabase's load made one");
  await db.query("DELETE FROM data_keys");
  const ciphers = [1, 2, 3, 4].map(() => testAtRestCipher());
  await Promise.all(ciphers.map((c) => c.load(withCipher(db, c))));
  const rows = await dataKeysTable.all(db);
  t.equal(rows.length, 1, "one key, not one per process");
  t.same(new Set(ciphers.map((c) => c.activeKeyId)), new Set([rows[0]!.keyId]));
  t.equal(rows[0]!.kekId, TEST_MASTER_KEYS.atRest.keyId);
  t.equal(rows[0]!.wrapped.length, 24 + 32 + 16, "nonce, key, tag: the key is stored wrapped");
  const sealed = ciphers[0]!.seal("shared", ["c"]);
  t.equal(ciphers[3]!.open(sealed, ["c"], "row"), "shared", "every process holds the same key");
});

await forEachDatabase(t, "a rotation reaches other processes: at the refresh tick for writes, at once for reads", async (t, db) => {
  const a = db.atRest;
  const first = a.activeKeyId;
  const b = new AtRestCipher(TEST_MASTER_KEYS, { refreshMs: 20 });
  t.teardown(() => b.close());
  await b.load(withCipher(db, b));
  const c = testAtRestCipher();
  await c.load(withCipher(db, c));

  const oldRow = a.seal("old", ["c"]);
  const second = await rotateDataKey(db, TEST_MASTER_KEYS, Date.now());
  t.not(second, first);
  t.equal(await dataKeysTable.activeKeyId(db), second);
  // b refreshes on its own every 20 ms.
  for (let i = 0; i < 200 && b.activeKeyId !== second; i++) await new Promise((r) => setTimeout(r, 10));
  t.equal(b.activeKeyId, second, "the periodic refresh adopted the new key for new writes");
  const underSecond = b.seal("new row", ["c"]);
  t.equal(underSecond.keyId, second);

  // c has not refreshed: it still seals with the old key, and meets a row under a key it has never loaded.
  t.equal(c.activeKeyId, first);
  t.notOk(c.has(second));
  await c.knowKeys(withCipher(db, c), [first, underSecond.keyId]);
  t.equal(c.open(underSecond, ["c"], "row"), "new row", "knowKeys re-read data_keys once");
  t.equal(c.activeKeyId, second, "and picked up the active key on the way");
  await a.refresh(db);
  t.equal(a.activeKeyId, second);
  t.equal(a.seal("x", ["c"]).keyId, second);
  t.equal(oldRow.keyId, first);
  t.equal(a.open(oldRow, ["c"], "row"), "old", "rows under the old key still open");
});

await forEachDatabase(t, "master keys: one that cannot unwrap the data keys stops the load; rewrap moves them to a new one", async (t, db) => {
  const wrong = testAtRestCipher(keks({ keyId: TEST_MASTER_KEYS.atRest.keyId, key: new Uint8Array(randomBytes(32)) }));
  await t.rejects(wrong.load(db), { name: "KeyFileError", message: /master key 'k_test' cannot unwrap data key 'd_/ }, "same ID, other key");
  const missing = testAtRestCipher(keks(kek("k_other")));
  await t.rejects(missing.load(db), { name: "KeyFileError", message: /wrapped with master key 'k_test', which is not in WARD_MASTER_KEY_FILE/ });
  await t.rejects(rotateDataKey(db, keks(kek("k_other")), Date.now()), { name: "KeyFileError" }, "no rotation under a key that cannot read the others");

  // KEK rotation: the new key first, the old one kept, rewrap, then the old one can go.
  const next = kek("k_next");
  const both = keks(next, TEST_MASTER_KEYS.atRest);
  const sealed = db.atRest.seal("kept", ["c"]);
  await rotateDataKey(db, both, Date.now());
  t.same((await dataKeysTable.all(db)).map((r) => r.kekId).sort(), ["k_next", "k_test"]);
  t.equal(await rewrapDataKeys(db, both), 1);
  t.same((await dataKeysTable.all(db)).map((r) => r.kekId), ["k_next", "k_next"]);
  t.equal(await rewrapDataKeys(db, both), 0, "idempotent");
  const onlyNext = testAtRestCipher(keks(next));
  await onlyNext.load(db);
  t.equal(onlyNext.open(sealed, ["c"], "row"), "kept", "the data, untouched, opens with the old master key gone");
  await t.rejects(testAtRestCipher().load(db), { name: "KeyFileError" }, "and the old master key alone no longer does");
});

t.test("a cipher not loaded refuses to seal", async (t) => {
  t.throws(() => testAtRestCipher().seal("x", ["c"]), /no data key: load\(\) it/);
});
