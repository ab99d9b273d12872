import t from "tap";
import { isKeyId, keyIdVersion, makeKeyId, parseKeyId } from "../../src/ids/key-id.js";
import { expectInvalid } from "./expect-invalid.js";

t.test("ed25519 key IDs", async (t) => {
  for (const [id, version] of [["ed25519:1", "1"], ["ed25519:abc123", "abc123"], ["ed25519:0ldK3y", "0ldK3y"], ["ed25519:a_b_C", "a_b_C"]] as const) {
    const keyId = parseKeyId(id);
    t.equal(keyId, id);
    t.equal(isKeyId(id), true, id);
    t.equal(keyIdVersion(keyId), version);
  }
  const max = `ed25519:${"k".repeat(247)}`;
  t.equal(max.length, 255);
  t.equal(parseKeyId(max), max);
});

t.test("invalid key IDs", async (t) => {
  for (const input of [undefined, null, 1, {}, ["ed25519:1"]]) expectInvalid(t, () => parseKeyId(input), "key_id", "not_string", String(input));
  expectInvalid(t, () => parseKeyId(""), "key_id", "empty", "empty");
  expectInvalid(t, () => parseKeyId("ed25519:"), "key_id", "empty", "empty version");
  for (const bad of ["ed25519", "curve25519:1", "ED25519:1", "signed_curve25519:AAAA", ":1", "ed25519 :1"]) {
    expectInvalid(t, () => parseKeyId(bad), "key_id", "bad_algorithm", bad);
  }
  for (const bad of ["ed25519:a-b", "ed25519:a.b", "ed25519:a:b", "ed25519:a b", "ed25519:é", "ed25519:a+b"]) {
    expectInvalid(t, () => parseKeyId(bad), "key_id", "bad_character", bad);
  }
  expectInvalid(t, () => parseKeyId(`ed25519:${"k".repeat(248)}`), "key_id", "too_long", "256 characters");
  t.equal(isKeyId("curve25519:1"), false);
});

t.test("makeKeyId", async (t) => {
  t.equal(makeKeyId("a_1"), "ed25519:a_1");
  expectInvalid(t, () => makeKeyId(""), "key_id", "empty", "empty version");
  expectInvalid(t, () => makeKeyId("a-1"), "key_id", "bad_character", "dash");
});
