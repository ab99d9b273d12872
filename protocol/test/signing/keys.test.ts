import t from "tap";
import { decodeBase64, encodeUnpaddedBase64 } from "../../src/base64.js";
import { sodiumReady } from "../../src/sodium.js";
import { SigningKeyError } from "../../src/signing/errors.js";
import {
  decodePublicKey,
  decodeSeed,
  encodePublicKey,
  encodeSeed,
  formatSigningKeyFile,
  generateSigningKey,
  parseSigningKeyFile,
  randomKeyVersion,
  signingKeyFromSeed,
} from "../../src/signing/keys.js";

await sodiumReady();

// appendices, "Cryptographic Test Vectors": the seed every vector uses.
const SEED_B64 = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";
// The public key is not printed in the spec; the signature vectors in json-signing.test.ts confirm it.
const PUBLIC_B64 = "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI";
// The spec's spelling has non-zero unused bits in its last character; this is the same 32 bytes written canonically.
const SEED_CANONICAL = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA0";

t.test("the spec's test seed gives the known key pair", async (t) => {
  const key = signingKeyFromSeed(decodeSeed(SEED_B64), "1");
  t.equal(key.keyId, "ed25519:1");
  t.equal(key.version, "1");
  t.equal(encodeSeed(key.seed), SEED_CANONICAL);
  t.same(Array.from(decodeSeed(SEED_CANONICAL)), Array.from(decodeSeed(SEED_B64)), "both spellings decode to the same seed");
  t.throws(() => decodeBase64(SEED_B64), "the strict decoder used for IDs refuses the spec's spelling");
  t.equal(encodePublicKey(key.publicKey), PUBLIC_B64);
  t.equal(key.secretKey.length, 64);
  t.same(Array.from(key.secretKey.subarray(0, 32)), Array.from(key.seed), "secret key starts with the seed");
  t.same(Array.from(key.secretKey.subarray(32)), Array.from(key.publicKey), "and ends with the public key");
});

t.test("the seed is copied, not shared", async (t) => {
  const seed = decodeSeed(SEED_B64);
  const key = signingKeyFromSeed(seed, "1");
  seed[0] = seed[0]! ^ 0xff;
  t.equal(encodeSeed(key.seed), SEED_CANONICAL);
});

t.test("bad seeds, versions and encodings are refused with a reason", async (t) => {
  t.throws(() => signingKeyFromSeed(new Uint8Array(31), "1"), { name: "SigningKeyError", reason: "bad_seed" });
  t.throws(() => signingKeyFromSeed(new Uint8Array(32), "bad-version"), { name: "SigningKeyError", reason: "bad_key_version" });
  t.throws(() => signingKeyFromSeed(new Uint8Array(32), ""), { name: "SigningKeyError", reason: "bad_key_version" });
  t.throws(() => decodeSeed("AAAA"), { reason: "bad_seed", message: /32 bytes, got 3/ });
  t.throws(() => decodeSeed("!!!!"), { reason: "bad_seed", message: /not valid base64/ });
  t.throws(() => decodePublicKey(encodeUnpaddedBase64(new Uint8Array(33))), { name: "SigningKeyError", reason: "bad_public_key" });
  t.throws(() => encodePublicKey(new Uint8Array(31)), { name: "SigningKeyError", reason: "bad_public_key" });
  t.throws(() => encodeSeed(new Uint8Array(64)), { name: "SigningKeyError", reason: "bad_seed" });
  t.same(Array.from(decodePublicKey(PUBLIC_B64)), Array.from(decodeBase64(PUBLIC_B64)));
  t.same(Array.from(decodePublicKey(`${PUBLIC_B64}=`)), Array.from(decodeBase64(PUBLIC_B64)), "padding is accepted on input");
});

t.test("generated keys are fresh and usable", async (t) => {
  const a = generateSigningKey("a_1");
  const b = generateSigningKey();
  t.equal(a.keyId, "ed25519:a_1");
  t.match(b.version, /^a_[A-Za-z0-9]{4}$/);
  t.equal(b.keyId, `ed25519:${b.version}`);
  t.not(encodeSeed(a.seed), encodeSeed(b.seed));
  t.equal(encodePublicKey(signingKeyFromSeed(a.seed, "x").publicKey), encodePublicKey(a.publicKey), "public key follows from the seed");
  t.match(randomKeyVersion(), /^a_[A-Za-z0-9]{4}$/);
});

t.test("key file: Synapse's 'ed25519 <version> <seed>' lines", async (t) => {
  const key = signingKeyFromSeed(decodeSeed(SEED_B64), "a_XyZ9");
  const text = formatSigningKeyFile([key]);
  t.equal(text, `ed25519 a_XyZ9 ${SEED_CANONICAL}\n`);
  const [back, ...rest] = parseSigningKeyFile(text);
  t.equal(rest.length, 0);
  t.equal(back?.keyId, "ed25519:a_XyZ9");
  t.equal(encodePublicKey(back!.publicKey), PUBLIC_B64);

  const two = parseSigningKeyFile(`\r\n  ed25519 old ${SEED_B64}=  \r\n\ned25519\tnew\t${encodeSeed(new Uint8Array(32).fill(7))}`);
  t.same(
    two.map((k) => k.keyId),
    ["ed25519:old", "ed25519:new"],
    "blank lines, CRLF, tabs, padding and a missing final newline are tolerated",
  );
  t.same(parseSigningKeyFile(""), []);
  t.equal(formatSigningKeyFile(two), `ed25519 old ${SEED_CANONICAL}\ned25519 new ${encodeSeed(new Uint8Array(32).fill(7))}\n`);
});

t.test("key file errors name the line", async (t) => {
  t.throws(() => parseSigningKeyFile(`\ned25519 1`), { name: "SigningKeyError", reason: "bad_key_file", message: /line 2: expected/ });
  t.throws(() => parseSigningKeyFile(`curve25519 1 ${SEED_B64}`), { reason: "bad_key_file", message: /line 1: unsupported algorithm "curve25519"/ });
  t.throws(() => parseSigningKeyFile(`ed25519 1 AAAA`), { reason: "bad_key_file", message: /line 1: ed25519 seed must be 32 bytes/ });
  t.throws(() => parseSigningKeyFile(`ed25519 b-d ${SEED_B64}`), { reason: "bad_key_file", message: /line 1: key version/ });
  t.throws(() => parseSigningKeyFile(`ed25519 1 ${SEED_B64} extra`), SigningKeyError);
});
