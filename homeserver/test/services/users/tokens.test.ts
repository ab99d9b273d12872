import { createHash } from "node:crypto";
import t from "tap";
import { sodiumReady } from "../../../src/crypto/sodium.js";
import { hashAccessToken, newAccessToken, newDeviceId, randomLowerAlnum, tokenHashKey } from "../../../src/services/users/tokens.js";

await sodiumReady();

t.test("access tokens: ward_ + 32 random bytes, URL-safe base64", async (t) => {
  const tokens = new Set(Array.from({ length: 200 }, newAccessToken));
  t.equal(tokens.size, 200);
  for (const token of tokens) {
    t.match(token, /^ward_[A-Za-z0-9_-]{43}$/);
    t.equal(Buffer.from(token.slice(5), "base64url").length, 32);
  }
});

t.test("the stored hash is SHA-256, its key lowercase hex", async (t) => {
  const hash = hashAccessToken("ward_abc");
  t.strictSame(Buffer.from(hash), createHash("sha256").update("ward_abc").digest());
  t.equal(tokenHashKey(hash), createHash("sha256").update("ward_abc").digest("hex"));
  t.equal(tokenHashKey(hash.subarray(0, 2)), tokenHashKey(hash).slice(0, 4), "respects the view's offset and length");
});

t.test("device IDs: ten uppercase letters", async (t) => {
  const ids = new Set(Array.from({ length: 200 }, newDeviceId));
  t.equal(ids.size, 200);
  for (const id of ids) t.match(id, /^[A-Z]{10}$/);
  t.match(randomLowerAlnum(24), /^[a-z0-9]{24}$/);
});
