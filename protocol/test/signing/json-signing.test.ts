import t from "tap";
import { decodeBase64 } from "../../src/base64.js";
import { canonicalJson } from "../../src/json.js";
import { sodiumReady } from "../../src/sodium.js";
import { SignatureError, SigningKeyError } from "../../src/signing/errors.js";
import {
  checkJsonSignatures,
  isJsonSignatureValid,
  signatureKeyIds,
  signedBytes,
  signJson,
  verifyJsonSignature,
} from "../../src/signing/json-signing.js";
import { decodeSeed, signingKeyFromSeed } from "../../src/signing/keys.js";

await sodiumReady();

// appendices, "Cryptographic Test Vectors".
const KEY = signingKeyFromSeed(decodeSeed("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1"), "1");
const OTHER = signingKeyFromSeed(new Uint8Array(32).fill(1), "o");
const EMPTY_SIG = "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ";
const ONE_TWO_SIG = "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw";

t.test("spec vector: signing {}", async (t) => {
  const signed = signJson({}, "domain", KEY.keyId, KEY.secretKey);
  t.equal(canonicalJson(signed), canonicalJson({ signatures: { domain: { "ed25519:1": EMPTY_SIG } } }));
});

t.test("spec vector: signing {one, two}", async (t) => {
  const signed = signJson({ one: 1, two: "Two" }, "domain", KEY.keyId, KEY.secretKey);
  t.equal(canonicalJson(signed), canonicalJson({ one: 1, signatures: { domain: { "ed25519:1": ONE_TWO_SIG } }, two: "Two" }));
});

t.test("spec vectors verify with the derived public key", async (t) => {
  const a = { signatures: { domain: { "ed25519:1": EMPTY_SIG } } };
  const b = { one: 1, two: "Two", signatures: { domain: { "ed25519:1": ONE_TWO_SIG } } };
  t.doesNotThrow(() => verifyJsonSignature(a, "domain", "ed25519:1", KEY.publicKey));
  t.doesNotThrow(() => verifyJsonSignature(b, "domain", "ed25519:1", KEY.publicKey));
  t.equal(isJsonSignatureValid({ ...b, two: "two" }, "domain", "ed25519:1", KEY.publicKey), false, "one changed byte breaks it");
});

t.test("signed bytes leave out signatures and unsigned", async (t) => {
  t.equal(new TextDecoder().decode(signedBytes({ b: 1, signatures: { x: {} }, unsigned: { age: 1 }, a: [2] })), '{"a":[2],"b":1}');
  const plain = signJson({ one: 1, two: "Two" }, "domain", KEY.keyId, KEY.secretKey);
  const withExtras = signJson({ one: 1, two: "Two", unsigned: { age_ts: 5 } }, "domain", KEY.keyId, KEY.secretKey);
  t.equal(withExtras.signatures.domain!["ed25519:1"], ONE_TWO_SIG, "unsigned does not change the signature");
  t.same(withExtras.unsigned, { age_ts: 5 }, "unsigned is carried over");
  t.same(plain.signatures, withExtras.signatures);
});

t.test("existing signatures are kept; the input is not mutated", async (t) => {
  const input = { one: 1, two: "Two", signatures: { "other.org": { "ed25519:x": "c2ln" }, domain: { "ed25519:0": "b2xk" } } };
  const before = canonicalJson(input);
  const signed = signJson(input, "domain", KEY.keyId, KEY.secretKey);
  t.equal(canonicalJson(input), before, "input untouched");
  t.same(signed.signatures, {
    "other.org": { "ed25519:x": "c2ln" },
    domain: { "ed25519:0": "b2xk", "ed25519:1": ONE_TWO_SIG },
  });
  t.not(signed.signatures["other.org"], input.signatures["other.org"], "nested maps are copies");
});

t.test("several signers on one object", async (t) => {
  const once = signJson({ hello: "world" }, "a.org", KEY.keyId, KEY.secretKey);
  const twice = signJson(once, "b.org", OTHER.keyId, OTHER.secretKey);
  t.same(signatureKeyIds(twice, "a.org"), ["ed25519:1"]);
  t.same(signatureKeyIds(twice, "b.org"), ["ed25519:o"]);
  t.same(signatureKeyIds(twice, "c.org"), []);
  t.equal(twice.signatures["a.org"]!["ed25519:1"], once.signatures["a.org"]!["ed25519:1"], "second signature does not disturb the first");
  t.ok(isJsonSignatureValid(twice, "a.org", KEY.keyId, KEY.publicKey));
  t.ok(isJsonSignatureValid(twice, "b.org", OTHER.keyId, OTHER.publicKey));
  t.notOk(isJsonSignatureValid(twice, "b.org", OTHER.keyId, KEY.publicKey), "wrong key");
  t.notOk(isJsonSignatureValid(twice, "a.org", OTHER.keyId, OTHER.publicKey), "a.org did not sign with that key ID");
});

t.test("signing refuses bad key IDs, secret keys and signatures fields", async (t) => {
  t.throws(() => signJson({}, "d", "ed25519:has-dash", KEY.secretKey), { name: "SigningKeyError", reason: "bad_key_id" });
  t.throws(() => signJson({}, "d", "curve25519:1", KEY.secretKey), { name: "SigningKeyError", reason: "bad_key_id" });
  t.throws(() => signJson({}, "d", KEY.keyId, KEY.seed), { name: "SigningKeyError", reason: "bad_secret_key" });
  t.throws(() => signJson({ signatures: [] }, "d", KEY.keyId, KEY.secretKey), { name: "SignatureError", reason: "malformed_signatures" });
  t.throws(() => signJson({ signatures: { x: "y" } }, "d", KEY.keyId, KEY.secretKey), { name: "SignatureError", reason: "malformed_signatures" });
  t.throws(() => signJson({ signatures: { x: { k: 1 } } }, "d", KEY.keyId, KEY.secretKey), { name: "SignatureError", reason: "malformed_signatures" });
  t.throws(() => signJson({ n: 1.5 }, "d", KEY.keyId, KEY.secretKey), { name: "CanonicalJsonError" });
});

t.test("verifyJsonSignature reasons", async (t) => {
  const signed = signJson({ a: 1 }, "d", KEY.keyId, KEY.secretKey);
  const sig = signed.signatures.d![KEY.keyId]!;
  const reason = (obj: object, keyId = "ed25519:1", pk = KEY.publicKey) => {
    try {
      verifyJsonSignature(obj, "d", keyId, pk);
      return "ok";
    } catch (e) {
      t.type(e, SignatureError);
      return (e as SignatureError).reason;
    }
  };
  t.equal(reason(signed), "ok");
  t.equal(reason({ a: 1 }), "not_signed");
  t.equal(reason({ a: 1, signatures: { e: { "ed25519:1": sig } } }), "not_signed");
  t.equal(reason(signed, "ed25519:2"), "not_signed");
  t.equal(reason({ a: 1, signatures: { d: { "rsa:1": sig } } }, "rsa:1"), "no_supported_algorithm");
  t.equal(reason({ a: 1, signatures: { d: { "ed25519:1": "not base64!" } } }), "bad_encoding");
  t.equal(reason({ a: 1, signatures: { d: { "ed25519:1": sig.slice(0, 40) } } }), "bad_encoding");
  t.equal(reason({ a: 2, signatures: signed.signatures }), "invalid_signature");
  t.equal(reason({ a: 1, b: 0.5, signatures: signed.signatures }), "not_canonical");
  t.equal(reason(signed, "ed25519:1", OTHER.publicKey), "invalid_signature");
  t.equal(reason({ a: 1, unsigned: { anything: true }, signatures: signed.signatures }), "ok", "unsigned may change freely");
  t.throws(() => verifyJsonSignature(signed, "d", KEY.keyId, new Uint8Array(31)), SigningKeyError, "a wrong-sized public key is a caller bug");
});

t.test("signatures with non-zero trailing bits are accepted like other servers do", async (t) => {
  const signed = signJson({ a: 1 }, "d", KEY.keyId, KEY.secretKey);
  const sig = signed.signatures.d![KEY.keyId]!;
  // 86 characters encode 64 bytes with 4 unused bits in the last character.
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const last = alphabet.indexOf(sig[85]!);
  const sloppy = sig.slice(0, 85) + alphabet[last | 0b0101]!;
  t.not(sloppy, sig);
  t.throws(() => decodeBase64(sloppy));
  t.ok(isJsonSignatureValid({ a: 1, signatures: { d: { [KEY.keyId]: sloppy } } }, "d", KEY.keyId, KEY.publicKey));
  t.ok(isJsonSignatureValid({ a: 1, signatures: { d: { [KEY.keyId]: `${sig}==` } } }, "d", KEY.keyId, KEY.publicKey), "padding accepted");
});

t.test("checkJsonSignatures: the spec's checking algorithm with a key lookup", async (t) => {
  const signed = signJson(signJson({ a: 1 }, "d", KEY.keyId, KEY.secretKey), "d", OTHER.keyId, OTHER.secretKey);
  const keys = new Map([
    [KEY.keyId as string, KEY.publicKey],
    [OTHER.keyId as string, OTHER.publicKey],
  ]);
  t.same(checkJsonSignatures(signed, "d", (id) => keys.get(id)), { ok: true, keyIds: ["ed25519:1", "ed25519:o"] });
  t.same(checkJsonSignatures(signed, "d", (id) => (id === "ed25519:o" ? OTHER.publicKey : undefined)), { ok: true, keyIds: ["ed25519:o"] }, "unknown keys are skipped");
  t.match(checkJsonSignatures(signed, "d", () => undefined), { ok: false, reason: "unknown_key" });
  t.match(checkJsonSignatures(signed, "d", () => KEY.publicKey), { ok: false, reason: "invalid_signature", message: /ed25519:o/ }, "every known key must verify");
  t.match(checkJsonSignatures(signed, "e", (id) => keys.get(id)), { ok: false, reason: "not_signed" });
  t.match(checkJsonSignatures({ a: 1, signatures: { d: "x" } }, "d", (id) => keys.get(id)), { ok: false, reason: "not_signed" });
  t.match(checkJsonSignatures({ a: 1, signatures: { d: {} } }, "d", (id) => keys.get(id)), { ok: false, reason: "no_supported_algorithm" });
  const mixed = { ...signed, signatures: { d: { ...signed.signatures.d, "future:1": "zzz", "ed25519:": "x", "ed25519:n": 5 } } };
  t.same(signatureKeyIds(mixed, "d"), ["ed25519:1", "ed25519:o"], "other algorithms and malformed entries are ignored");
  t.same(checkJsonSignatures(mixed, "d", (id) => keys.get(id)), { ok: true, keyIds: ["ed25519:1", "ed25519:o"] });
});
