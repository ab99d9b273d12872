/**
 * XChaCha20-Poly1305 (libsodium's IETF variant) with a random nonce per
 * message, stored in front of the ciphertext: `nonce (24) || ciphertext ||
 * tag (16)`. A 192-bit nonce makes random nonces safe for any number of
 * messages under one key, so no counter has to be shared between processes.
 *
 * The associated data binds a ciphertext to where it belongs (a row's IDs):
 * opened anywhere else, it fails authentication like a flipped byte does.
 */
import { randomFillSync } from "node:crypto";
import { sodium } from "./sodium.js";

export const AEAD_KEY_BYTES = 32;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Nonces come from a pool refilled 512 at a time: one call for 24 random
 * bytes costs tens of microseconds here (libsodium's randombytes_buf over a
 * millisecond), more than the encryption itself. Each nonce is copied out
 * once and never handed out again.
 */
const noncePool = new Uint8Array(NONCE_BYTES * 512);
let noncePoolOffset = noncePool.length;

function freshNonce(): Uint8Array {
  if (noncePoolOffset === noncePool.length) {
    randomFillSync(noncePool);
    noncePoolOffset = 0;
  }
  const nonce = noncePool.slice(noncePoolOffset, noncePoolOffset + NONCE_BYTES);
  noncePoolOffset += NONCE_BYTES;
  return nonce;
}

/** The associated data for a list of context strings: JSON, so no two lists encode alike. */
export function associatedData(context: readonly string[]): Uint8Array {
  return encoder.encode(JSON.stringify(context));
}

export function aeadSeal(key: Uint8Array, plaintext: Uint8Array | string, ad: Uint8Array): Uint8Array {
  const nonce = freshNonce();
  const message = typeof plaintext === "string" ? encoder.encode(plaintext) : plaintext;
  const ciphertext = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(message, ad, null, nonce, key);
  const out = new Uint8Array(NONCE_BYTES + ciphertext.length);
  out.set(nonce, 0);
  out.set(ciphertext, NONCE_BYTES);
  return out;
}

/** The plaintext, or undefined when the data was altered, moved (other AD) or sealed under another key. */
export function aeadOpen(key: Uint8Array, sealed: Uint8Array, ad: Uint8Array): Uint8Array | undefined {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return undefined;
  try {
    return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed.subarray(NONCE_BYTES), ad, sealed.subarray(0, NONCE_BYTES), key);
  } catch {
    return undefined;
  }
}

/** As aeadOpen, decoded as UTF-8 text. */
export function aeadOpenText(key: Uint8Array, sealed: Uint8Array, ad: Uint8Array): string | undefined {
  const bytes = aeadOpen(key, sealed, ad);
  if (bytes === undefined) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined; // authentic but not UTF-8: never written by Ward
  }
}
