/**
 * Signing JSON and checking signatures (appendices, "Signing JSON",
 * "Signing Details", "Checking for a Signature").
 *
 * What is signed is the canonical JSON of the object without its `signatures`
 * and `unsigned` members, so servers along the way can add signatures and
 * unsigned data without breaking earlier ones. Functions here never mutate
 * their input.
 */
import { encodeUnpaddedBase64 } from "../base64.js";
import type { Signatures } from "../events/pdu.js";
import { canonicalJsonBytes, CanonicalJsonError } from "../json.js";
import { InvalidIdentifierError } from "../ids/errors.js";
import { parseKeyId } from "../ids/key-id.js";
import { sodium } from "../sodium.js";
import { decodeBase64IgnoringTrailingBits } from "./lenient-base64.js";
import { SignatureError, SigningKeyError, type SignatureProblem } from "./errors.js";
import { PUBLIC_KEY_BYTES, SECRET_KEY_BYTES, SIGNATURE_BYTES } from "./keys.js";

/** Finds the verification key for one of the signer's key IDs; undefined when unknown (or expired). */
export type VerifyKeyLookup = (keyId: string) => Uint8Array | undefined;

export type SignatureVerdict =
  | { readonly ok: true; readonly keyIds: readonly string[] }
  | { readonly ok: false; readonly reason: SignatureProblem; readonly message: string };

const ED25519_PREFIX = "ed25519:";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The bytes a signature covers: canonical JSON without `signatures` and `unsigned`. */
export function signedBytes(obj: object): Uint8Array {
  const { signatures: _s, unsigned: _u, ...rest } = obj as Record<string, unknown>;
  return canonicalJsonBytes(rest);
}

function copySignatures(existing: unknown): Signatures {
  if (existing === undefined) return {};
  const fail = () => new SignatureError("malformed_signatures", "existing `signatures` must be an object of objects of strings");
  if (!isRecord(existing)) throw fail();
  const out: Signatures = {};
  for (const [signer, byKey] of Object.entries(existing)) {
    if (!isRecord(byKey)) throw fail();
    const copy: Record<string, string> = {};
    for (const [keyId, sig] of Object.entries(byKey)) {
      if (typeof sig !== "string") throw fail();
      copy[keyId] = sig;
    }
    out[signer] = copy;
  }
  return out;
}

/**
 * Returns a copy of `obj` with `signatures[signerName][keyId]` set, keeping
 * every other signature. `secretKey` is libsodium's 64-byte secret key
 * (`SigningKey.secretKey`). Requires `await sodiumReady()` first.
 */
export function signJson<T extends object>(obj: T, signerName: string, keyId: string, secretKey: Uint8Array): T & { signatures: Signatures } {
  try {
    parseKeyId(keyId);
  } catch (e) {
    if (e instanceof InvalidIdentifierError) throw new SigningKeyError("bad_key_id", `cannot sign with key ID ${JSON.stringify(keyId)}: ${e.message}`);
    throw e;
  }
  if (secretKey.length !== SECRET_KEY_BYTES) {
    throw new SigningKeyError("bad_secret_key", `an ed25519 secret key is ${SECRET_KEY_BYTES} bytes, got ${secretKey.length}`);
  }
  const signatures = copySignatures((obj as Record<string, unknown>).signatures);
  const signature = sodium().crypto_sign_detached(signedBytes(obj), secretKey);
  signatures[signerName] = { ...signatures[signerName], [keyId]: encodeUnpaddedBase64(signature) };
  return { ...obj, signatures };
}

/** The ed25519 key IDs under which `signerName` signed `obj` (other algorithms are ignored, as the spec asks). */
export function signatureKeyIds(obj: object, signerName: string): string[] {
  const sigs = (obj as Record<string, unknown>).signatures;
  if (!isRecord(sigs)) return [];
  const byKey = sigs[signerName];
  if (!isRecord(byKey)) return [];
  return Object.keys(byKey).filter((k) => k.startsWith(ED25519_PREFIX) && k.length > ED25519_PREFIX.length && typeof byKey[k] === "string");
}

function fail(reason: SignatureProblem, message: string): SignatureVerdict {
  return { ok: false, reason, message };
}

function verifyOne(bytes: Uint8Array, signature: string, publicKey: Uint8Array): boolean | "bad_encoding" {
  let sig: Uint8Array;
  try {
    sig = decodeBase64IgnoringTrailingBits(signature);
  } catch {
    return "bad_encoding";
  }
  if (sig.length !== SIGNATURE_BYTES) return "bad_encoding";
  if (publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new SigningKeyError("bad_public_key", `an ed25519 public key is ${PUBLIC_KEY_BYTES} bytes, got ${publicKey.length}`);
  }
  return sodium().crypto_sign_verify_detached(sig, bytes, publicKey);
}

/**
 * The spec's "Checking for a Signature": the signer must have at least one
 * ed25519 signature under a key `lookup` knows, and every such signature must
 * verify. Signatures under keys `lookup` does not know are skipped, as the
 * server-server API asks for unknown and expired keys.
 */
export function checkJsonSignatures(obj: object, signerName: string, lookup: VerifyKeyLookup): SignatureVerdict {
  const sigs = (obj as Record<string, unknown>).signatures;
  const byKey = isRecord(sigs) ? sigs[signerName] : undefined;
  if (!isRecord(byKey)) return fail("not_signed", `no signatures from ${signerName}`);
  const keyIds = signatureKeyIds(obj, signerName);
  if (keyIds.length === 0) return fail("no_supported_algorithm", `${signerName} has no ed25519 signature`);
  const known = keyIds.flatMap((keyId) => {
    const key = lookup(keyId);
    return key === undefined ? [] : [{ keyId, key }];
  });
  if (known.length === 0) return fail("unknown_key", `no known verification key for ${signerName} among ${keyIds.join(", ")}`);
  let bytes: Uint8Array;
  try {
    bytes = signedBytes(obj);
  } catch (e) {
    if (e instanceof CanonicalJsonError) return fail("not_canonical", `cannot encode the signed object: ${e.message}`);
    throw e;
  }
  for (const { keyId, key } of known) {
    const result = verifyOne(bytes, byKey[keyId] as string, key);
    if (result === "bad_encoding") return fail("bad_encoding", `${signerName} ${keyId}: signature is not 64 bytes of base64`);
    if (!result) return fail("invalid_signature", `${signerName} ${keyId}: signature does not match`);
  }
  return { ok: true, keyIds: known.map((k) => k.keyId) };
}

/** Checks one named signature; throws `SignatureError` (with its `reason`) if it is missing or wrong. */
export function verifyJsonSignature(obj: object, signerName: string, keyId: string, publicKey: Uint8Array): void {
  const sigs = (obj as Record<string, unknown>).signatures;
  const byKey = isRecord(sigs) ? sigs[signerName] : undefined;
  if (!isRecord(byKey) || typeof byKey[keyId] !== "string") {
    throw new SignatureError("not_signed", `no signature from ${signerName} with ${keyId}`);
  }
  if (!keyId.startsWith(ED25519_PREFIX)) throw new SignatureError("no_supported_algorithm", `${keyId} is not an ed25519 key ID`);
  const verdict = checkJsonSignatures({ ...obj, signatures: { [signerName]: { [keyId]: byKey[keyId] } } }, signerName, (id) =>
    id === keyId ? publicKey : undefined,
  );
  if (!verdict.ok) throw new SignatureError(verdict.reason, verdict.message);
}

/** Boolean form of `verifyJsonSignature`. */
export function isJsonSignatureValid(obj: object, signerName: string, keyId: string, publicKey: Uint8Array): boolean {
  try {
    verifyJsonSignature(obj, signerName, keyId, publicKey);
    return true;
  } catch (e) {
    if (e instanceof SignatureError) return false;
    throw e;
  }
}
