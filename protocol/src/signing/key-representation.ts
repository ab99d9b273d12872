/**
 * Showing a private key to a person (appendices, "Cryptographic key
 * representation"), as clients do for secret-storage recovery keys: the
 * bytes `0x8B 0x01`, the key, and an XOR parity byte, in Bitcoin's base58
 * alphabet, with a space after every fourth character. Reading ignores all
 * whitespace.
 */
import { SigningKeyError } from "./errors.js";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const HEADER = [0x8b, 0x01] as const;

/** Base58 with Bitcoin's alphabet; each leading zero byte becomes a leading `1`. */
export function encodeBase58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  // Repeated division of the big-endian number by 58, least significant digit first.
  const digits: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! * 256;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  return "1".repeat(zeros) + digits.reverse().map((d) => ALPHABET[d]!).join("");
}

export function decodeBase58(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === "1") zeros++;
  const bytes: number[] = [];
  for (let i = zeros; i < text.length; i++) {
    let carry = ALPHABET.indexOf(text[i]!);
    if (carry < 0) throw new SigningKeyError("bad_key_representation", `${JSON.stringify(text[i])} is not a base58 character`);
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes.reverse()]);
}

/** The display form of a raw key, e.g. `EsTc 5rr1 4Jcq ...`. */
export function encodeKeyForDisplay(key: Uint8Array): string {
  const framed = new Uint8Array(key.length + 3);
  framed.set(HEADER, 0);
  framed.set(key, 2);
  framed[framed.length - 1] = framed.reduce((parity, b) => parity ^ b, 0);
  return encodeBase58(framed).replace(/(.{4})(?=.)/g, "$1 ");
}

/** Reads a displayed key back; throws `SigningKeyError` if the header or parity is wrong. */
export function decodeKeyFromDisplay(text: string): Uint8Array {
  const framed = decodeBase58(text.replace(/\s+/g, ""));
  if (framed.length < 3 || framed[0] !== HEADER[0] || framed[1] !== HEADER[1]) {
    throw new SigningKeyError("bad_key_representation", "not a Matrix key: wrong header bytes");
  }
  if (framed.reduce((parity, b) => parity ^ b, 0) !== 0) {
    throw new SigningKeyError("bad_key_representation", "parity check failed: the key was mistyped");
  }
  return framed.slice(2, -1);
}
