/**
 * The hash form shared by event IDs (room versions 4+) and room IDs (room
 * version 12): a SHA-256 reference hash in URL-safe unpadded base64, which is
 * always 43 characters. Only the canonical spelling is accepted (the unused
 * low bits of the last character must be zero), so equal hashes always have
 * equal IDs and string comparison is enough.
 */
import { decodeUrlSafeBase64 } from "../base64.js";

export const HASH_ID_LENGTH = 43;
const URL_SAFE = /^[A-Za-z0-9_-]{43}$/;

/** Whether `text` (without sigil) is the canonical URL-safe base64 of a 32-byte hash. */
export function isHashText(text: string): boolean {
  if (!URL_SAFE.test(text)) return false;
  try {
    return decodeUrlSafeBase64(text).length === 32;
  } catch {
    return false;
  }
}
