/**
 * Event IDs as room versions 4 and later define them (rooms/v4 "Event IDs"):
 * `$` followed by the event's reference hash in URL-safe unpadded base64.
 *
 * Ward supports room versions 10-12 only, all of which use this form, so the
 * `$opaque:server` IDs of room versions 1-2 and the standard-base64 IDs of
 * room version 3 are deliberately rejected: no event Ward can process has one.
 */
import { encodeUrlSafeBase64 } from "../base64.js";
import { InvalidIdentifierError, describe } from "./errors.js";
import { HASH_ID_LENGTH, isHashText } from "./hash-id.js";
import { checkSigilled } from "./sigilled.js";

export type EventId = string & { readonly __brand: "EventId" };

export function parseEventId(input: unknown): EventId {
  const text = checkSigilled("event_id", "$", input);
  if (!isHashText(text.slice(1))) {
    throw new InvalidIdentifierError(
      "event_id",
      "bad_hash",
      `${describe(text)} is not '$' followed by ${HASH_ID_LENGTH} characters of canonical URL-safe base64`,
    );
  }
  return text as EventId;
}

export function isEventId(input: unknown): input is EventId {
  try {
    parseEventId(input);
    return true;
  } catch {
    return false;
  }
}

/** The event ID for a reference hash (the SHA-256 of the redacted, unsigned event). */
export function eventIdFromReferenceHash(hash: Uint8Array): EventId {
  if (hash.length !== 32) {
    throw new InvalidIdentifierError("event_id", "bad_hash", `a reference hash is 32 bytes, got ${hash.length}`);
  }
  return `$${encodeUrlSafeBase64(hash)}` as EventId;
}
