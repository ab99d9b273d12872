/**
 * Access tokens and generated device IDs.
 *
 * A token is `ward_` + 32 random bytes in URL-safe base64 (256 bits, as the
 * security defaults ask). Only its SHA-256 is stored; `tokenHashKey` is the
 * one string form of that hash used outside the database (Session.tokenHash,
 * the bus's session-revoked message, the Notifier), so all of them agree.
 */
import { createHash } from "node:crypto";
import { sodium } from "../../crypto/sodium.js";

export const ACCESS_TOKEN_PREFIX = "ward_";
const TOKEN_BYTES = 32;
const DEVICE_ID_LENGTH = 10;
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** A new access token. Needs `sodiumReady()` to have resolved. */
export function newAccessToken(): string {
  const s = sodium();
  return ACCESS_TOKEN_PREFIX + s.to_base64(s.randombytes_buf(TOKEN_BYTES), s.base64_variants.URLSAFE_NO_PADDING);
}

/** What access_tokens.token_hash holds. */
export function hashAccessToken(token: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(token, "utf8").digest());
}

/** Lowercase hex of a stored token hash: the Session.tokenHash and session-revoked encoding. */
export function tokenHashKey(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString("hex");
}

/** Ten random uppercase letters (Synapse's shape), used when the client names no device. */
export function newDeviceId(): string {
  const s = sodium();
  let id = "";
  for (let i = 0; i < DEVICE_ID_LENGTH; i++) id += LETTERS[s.randombytes_uniform(LETTERS.length)];
  return id;
}

/** A random opaque ID of `length` characters from [a-z0-9] (UIA sessions, generated usernames). */
export function randomLowerAlnum(length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const s = sodium();
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[s.randombytes_uniform(alphabet.length)];
  return out;
}
