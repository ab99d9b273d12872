/**
 * Unpadded Base64, standard and URL-safe (spec: appendices, "Unpadded Base64").
 * Decoding accepts input with or without padding, as the spec asks, and
 * rejects anything else outside the alphabet.
 */

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export class Base64Error extends Error {
  override readonly name = "Base64Error";
}

function encodeWith(alphabet: string, bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]!;
  }
  return out;
}

function lookup(alphabet: string): Int16Array {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const STD_LOOKUP = lookup(STD);
const URL_LOOKUP = lookup(URL);

function decodeWith(table: Int16Array, text: string, name: string): Uint8Array {
  let s = text;
  if (s.length % 4 === 0 && s.endsWith("=")) s = s.endsWith("==") ? s.slice(0, -2) : s.slice(0, -1);
  if (s.length % 4 === 1) throw new Base64Error(`${name}: invalid length ${text.length}`);
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? table[c]! : -1;
    if (v < 0) throw new Base64Error(`${name}: invalid character at position ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, otherwise two encodings would decode to the same bytes.
  if ((acc & ((1 << bits) - 1)) !== 0) throw new Base64Error(`${name}: non-zero trailing bits`);
  return out;
}

export const encodeUnpaddedBase64 = (bytes: Uint8Array): string => encodeWith(STD, bytes);
export const encodeUrlSafeBase64 = (bytes: Uint8Array): string => encodeWith(URL, bytes);
export const decodeBase64 = (text: string): Uint8Array => decodeWith(STD_LOOKUP, text, "base64");
export const decodeUrlSafeBase64 = (text: string): Uint8Array => decodeWith(URL_LOOKUP, text, "url-safe base64");
