import t from "tap";
import { sodiumReady } from "../../../src/crypto/sodium.js";
import { createPasswordHasher, MINIMUM_PASSWORD_HASHING } from "../../../src/services/users/passwords.js";

await sodiumReady();
const hasher = createPasswordHasher(MINIMUM_PASSWORD_HASHING);

t.test("hash and verify (argon2id, in the worker)", async (t) => {
  const hash = await hasher.hash("correct horse battery staple");
  t.match(hash, /^\$argon2id\$v=19\$m=8,t=1,p=1\$/);
  t.equal(await hasher.verify(hash, "correct horse battery staple"), true);
  t.equal(await hasher.verify(hash, "correct horse battery stapl"), false);
  t.equal(await hasher.verify(hash, ""), false);
  t.not(await hasher.hash("correct horse battery staple"), hash, "salted");
  const unicode = await hasher.hash("pässwörd ✓ 🔑");
  t.equal(await hasher.verify(unicode, "pässwörd ✓ 🔑"), true);
});

t.test("a malformed hash verifies as false, never throws", async (t) => {
  t.equal(await hasher.verify("not a hash", "x"), false);
  t.equal(await hasher.verify("", "x"), false);
  t.equal(await hasher.verifyNobody("anything"), false);
});

t.test("needsRehash compares the hash's settings with the current ones", async (t) => {
  const cheap = await hasher.hash("pw");
  t.equal(hasher.needsRehash(cheap), false);
  const stronger = createPasswordHasher({ opsLimit: 2, memLimit: 8 * 1024 * 1024 });
  t.equal(stronger.needsRehash(cheap), true);
  t.equal(stronger.needsRehash("garbage"), true);
});

t.test("many jobs at once all settle, each with its own answer", async (t) => {
  const hashes = await Promise.all(Array.from({ length: 8 }, (_, i) => hasher.hash(`pw-${i}`)));
  const checks = await Promise.all(hashes.flatMap((h, i) => [hasher.verify(h, `pw-${i}`), hasher.verify(h, `pw-${i + 1}`)]));
  t.strictSame(checks, hashes.flatMap(() => [true, false]));
});

t.test("hashing does not block the event loop", async (t) => {
  // 32 MiB takes tens to hundreds of milliseconds; the main thread must keep ticking meanwhile.
  const slow = createPasswordHasher({ opsLimit: 2, memLimit: 32 * 1024 * 1024 });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 2);
  const started = performance.now();
  await slow.hash("pw");
  const elapsed = performance.now() - started;
  clearInterval(timer);
  t.ok(ticks >= Math.min(3, Math.floor(elapsed / 10)), `${ticks} ticks during ${elapsed.toFixed(0)} ms`);
});
