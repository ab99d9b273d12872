/**
 * Device IDs and the spec's Opaque Identifier Grammar (appendices, "Opaque
 * Identifiers").
 *
 * Clients choose device IDs (at login, or as the OAuth 2.0 device scope), and
 * the spec only asks them to SHOULD use the opaque grammar. Real clients and
 * bridges have used other characters, so Ward accepts any device ID that is
 * non-empty, at most 255 bytes of UTF-8, and printable (no control characters,
 * no unpaired surrogates). `*` alone is refused because to-device messaging
 * uses it to mean "every device". IDs Ward generates itself follow the strict
 * opaque grammar (`isOpaqueId`).
 */
import { InvalidIdentifierError, describe } from "./errors.js";
import { MAX_IDENTIFIER_BYTES, isControl, utf8ByteLength } from "./text.js";

export type DeviceId = string & { readonly __brand: "DeviceId" };

const OPAQUE_ID = /^[0-9A-Za-z._~-]{1,255}$/;

/** The Opaque Identifier Grammar: 1..255 characters of RFC 3986 "unreserved". */
export function isOpaqueId(input: unknown): input is string {
  return typeof input === "string" && OPAQUE_ID.test(input);
}

export function parseDeviceId(input: unknown): DeviceId {
  if (typeof input !== "string") throw new InvalidIdentifierError("device_id", "not_string", `expected a string, got ${describe(input)}`);
  if (input === "") throw new InvalidIdentifierError("device_id", "empty", "is empty");
  if (utf8ByteLength(input) > MAX_IDENTIFIER_BYTES) {
    throw new InvalidIdentifierError("device_id", "too_long", `${describe(input)} is longer than ${MAX_IDENTIFIER_BYTES} bytes`);
  }
  if (input === "*") throw new InvalidIdentifierError("device_id", "reserved", "'*' means all devices in to-device messages");
  for (const char of input) {
    const code = char.codePointAt(0)!;
    // Iterating by code point joins surrogate pairs, so a surrogate value here is an unpaired one.
    if (isControl(code) || (code >= 0xd800 && code <= 0xdfff)) {
      throw new InvalidIdentifierError("device_id", "bad_character", `${describe(input)} contains an unprintable character`);
    }
  }
  return input as DeviceId;
}

export function isDeviceId(input: unknown): input is DeviceId {
  try {
    parseDeviceId(input);
    return true;
  } catch {
    return false;
  }
}
