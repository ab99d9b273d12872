/**
 * Signing key IDs (appendices, "Signing JSON"; server-server `VerifyKey`):
 * `algorithm:version`, where Ward understands only `ed25519` and the version
 * must match `[a-zA-Z0-9_]+`. Signatures under other algorithms are to be
 * ignored rather than fail the whole object, so callers use `isKeyId` to filter.
 * The version is capped at 255 bytes overall, like other identifiers; the spec
 * names no limit, but nothing longer has been seen in practice.
 */
import { InvalidIdentifierError, describe } from "./errors.js";
import { MAX_IDENTIFIER_BYTES } from "./text.js";

export type KeyId = string & { readonly __brand: "KeyId" };

const PREFIX = "ed25519:";
const VERSION = /^[A-Za-z0-9_]+$/;

export function parseKeyId(input: unknown): KeyId {
  if (typeof input !== "string") throw new InvalidIdentifierError("key_id", "not_string", `expected a string, got ${describe(input)}`);
  if (input === "") throw new InvalidIdentifierError("key_id", "empty", "is empty");
  if (input.length > MAX_IDENTIFIER_BYTES) {
    throw new InvalidIdentifierError("key_id", "too_long", `${describe(input)} is longer than ${MAX_IDENTIFIER_BYTES} characters`);
  }
  if (!input.startsWith(PREFIX)) {
    throw new InvalidIdentifierError("key_id", "bad_algorithm", `${describe(input)} is not an ed25519 key ID ('ed25519:<version>')`);
  }
  const version = input.slice(PREFIX.length);
  if (version === "") throw new InvalidIdentifierError("key_id", "empty", `${describe(input)} has an empty version`);
  if (!VERSION.test(version)) {
    throw new InvalidIdentifierError("key_id", "bad_character", `${describe(input)}: the version may only contain a-z, A-Z, 0-9 and '_'`);
  }
  return input as KeyId;
}

export function isKeyId(input: unknown): input is KeyId {
  try {
    parseKeyId(input);
    return true;
  } catch {
    return false;
  }
}

/** Build the ed25519 key ID for a key version (e.g. `"a_1"` → `"ed25519:a_1"`). */
export function makeKeyId(version: string): KeyId {
  return parseKeyId(`${PREFIX}${version}`);
}

export function keyIdVersion(keyId: KeyId): string {
  return keyId.slice(PREFIX.length);
}
