/**
 * Ed25519 signing keys (appendices, "Signing Details"; server-server API,
 * "Retrieving server keys"). A key is fully determined by its 32-byte seed, so
 * the seed is what Ward stores; the 64-byte secret key libsodium signs with and
 * the public key are derived from it.
 *
 * Key files use Synapse's one-line-per-key format, `ed25519 <version> <seed>`
 * with the seed in unpadded base64, so a key can move between Ward and Synapse
 * without conversion.
 */
import { encodeUnpaddedBase64 } from "../base64.js";
import { InvalidIdentifierError } from "../ids/errors.js";
import { makeKeyId, type KeyId } from "../ids/key-id.js";
import { sodium } from "../sodium.js";
import { decodeBase64IgnoringTrailingBits } from "./lenient-base64.js";
import { SigningKeyError } from "./errors.js";

export const ED25519 = "ed25519";
export const SEED_BYTES = 32;
export const PUBLIC_KEY_BYTES = 32;
export const SECRET_KEY_BYTES = 64;
export const SIGNATURE_BYTES = 64;

export type SigningKey = {
  /** `ed25519:<version>`. */
  readonly keyId: KeyId;
  /** The part after `ed25519:`; matches `[a-zA-Z0-9_]+`. */
  readonly version: string;
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  /** Seed followed by public key: the form libsodium's `crypto_sign_detached` takes. */
  readonly secretKey: Uint8Array;
};

function keyIdOf(version: string): KeyId {
  try {
    return makeKeyId(version);
  } catch (e) {
    if (e instanceof InvalidIdentifierError) throw new SigningKeyError("bad_key_version", `key version ${JSON.stringify(version)}: ${e.message}`);
    throw e;
  }
}

/** Derive the key pair for a seed. Requires `await sodiumReady()` first. */
export function signingKeyFromSeed(seed: Uint8Array, version: string): SigningKey {
  if (seed.length !== SEED_BYTES) throw new SigningKeyError("bad_seed", `an ed25519 seed is ${SEED_BYTES} bytes, got ${seed.length}`);
  const keyId = keyIdOf(version);
  const pair = sodium().crypto_sign_seed_keypair(seed);
  return { keyId, version, seed: seed.slice(), publicKey: pair.publicKey, secretKey: pair.privateKey };
}

const VERSION_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** A fresh key version like `a_X3fQ` (Synapse's shape: short, unique enough per server). */
export function randomKeyVersion(): string {
  const bytes = sodium().randombytes_buf(4);
  // The slight modulo bias is harmless: the version is a label, not a secret.
  return `a_${Array.from(bytes, (b) => VERSION_ALPHABET[b % VERSION_ALPHABET.length]).join("")}`;
}

/** A new key from libsodium's CSPRNG. */
export function generateSigningKey(version: string = randomKeyVersion()): SigningKey {
  return signingKeyFromSeed(sodium().randombytes_buf(SEED_BYTES), version);
}

function decodeFixed(text: string, bytes: number, reason: "bad_seed" | "bad_public_key", what: string): Uint8Array {
  let decoded: Uint8Array;
  try {
    decoded = decodeBase64IgnoringTrailingBits(text);
  } catch (e) {
    throw new SigningKeyError(reason, `${what} is not valid base64: ${(e as Error).message}`);
  }
  if (decoded.length !== bytes) throw new SigningKeyError(reason, `${what} must be ${bytes} bytes, got ${decoded.length}`);
  return decoded;
}

/** Unpadded base64, as published under `verify_keys` in `/_matrix/key/v2/server`. */
export function encodePublicKey(publicKey: Uint8Array): string {
  if (publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new SigningKeyError("bad_public_key", `an ed25519 public key is ${PUBLIC_KEY_BYTES} bytes, got ${publicKey.length}`);
  }
  return encodeUnpaddedBase64(publicKey);
}

export function decodePublicKey(text: string): Uint8Array {
  return decodeFixed(text, PUBLIC_KEY_BYTES, "bad_public_key", "ed25519 public key");
}

export function encodeSeed(seed: Uint8Array): string {
  if (seed.length !== SEED_BYTES) throw new SigningKeyError("bad_seed", `an ed25519 seed is ${SEED_BYTES} bytes, got ${seed.length}`);
  return encodeUnpaddedBase64(seed);
}

export function decodeSeed(text: string): Uint8Array {
  return decodeFixed(text, SEED_BYTES, "bad_seed", "ed25519 seed");
}

/** One `ed25519 <version> <seed>` line per key, newline-terminated. */
export function formatSigningKeyFile(keys: readonly SigningKey[]): string {
  return keys.map((k) => `${ED25519} ${k.version} ${encodeSeed(k.seed)}\n`).join("");
}

/**
 * Reads a key file. Blank lines are skipped; any other line that is not
 * exactly three whitespace-separated fields with a known algorithm is an
 * error (naming the line), because a half-read key file must not start a server.
 */
export function parseSigningKeyFile(text: string): SigningKey[] {
  const keys: SigningKey[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/\s+/).filter((f) => f !== "");
    if (fields.length === 0) continue;
    const where = `signing key file line ${i + 1}`;
    if (fields.length !== 3) throw new SigningKeyError("bad_key_file", `${where}: expected '<algorithm> <version> <base64 seed>'`);
    const [algorithm, version, seed] = fields as [string, string, string];
    if (algorithm !== ED25519) throw new SigningKeyError("bad_key_file", `${where}: unsupported algorithm ${JSON.stringify(algorithm)}`);
    try {
      keys.push(signingKeyFromSeed(decodeSeed(seed), version));
    } catch (e) {
      if (e instanceof SigningKeyError) throw new SigningKeyError("bad_key_file", `${where}: ${e.message}`);
      throw e;
    }
  }
  return keys;
}
