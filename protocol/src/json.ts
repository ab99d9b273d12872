/**
 * JSON value types and Matrix canonical JSON (spec: appendices, "Canonical JSON").
 *
 * Canonical JSON is the byte string that signatures and hashes cover, so any
 * deviation here breaks federation: keys sorted by Unicode code point (not by
 * UTF-16 code unit, which is what a plain `sort()` does), no whitespace,
 * integers only in the IEEE-safe range, `-0` written as `0`, non-ASCII left
 * as UTF-8 rather than `\u` escapes.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

export class CanonicalJsonError extends Error {
  override readonly name = "CanonicalJsonError";
}

export const MAX_SAFE_CANONICAL_INT = Number.MAX_SAFE_INTEGER; // 2**53 - 1

/** Compares two strings by Unicode code point, as canonical JSON requires. */
export function compareCodePoints(a: string, b: string): number {
  const ai = a[Symbol.iterator]();
  const bi = b[Symbol.iterator]();
  for (;;) {
    const x = ai.next();
    const y = bi.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** True when every UTF-16 unit is below the surrogate range, so unit order equals code point order. */
function hasNoSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

/**
 * True when the string has no unpaired surrogate. A lone surrogate has no
 * UTF-8 encoding, so such a string has no canonical form (JSON.stringify would
 * quietly write it as a `\udXXX` escape, which the grammar does not allow).
 */
function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c >= 0xdc00) return false;
    const next = s.charCodeAt(i + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

function encodeString(s: string, path: string): string {
  if (!isWellFormed(s)) throw new CanonicalJsonError(`${path}: string contains an unpaired UTF-16 surrogate`);
  // JSON.stringify escapes exactly what the grammar asks: `"`, `\`, and
  // control characters (with \b \t \n \f \r short forms, else \u00xx lowercase).
  return JSON.stringify(s);
}

function sortKeys(keys: string[]): string[] {
  if (keys.every(hasNoSurrogates)) return keys.sort();
  return keys.sort(compareCodePoints);
}

function encodeNumber(n: number, path: string): string {
  if (!Number.isFinite(n)) throw new CanonicalJsonError(`${path}: ${n} is not a finite number`);
  if (!Number.isInteger(n)) throw new CanonicalJsonError(`${path}: ${n} is not an integer; floats are not allowed in canonical JSON`);
  if (Math.abs(n) > MAX_SAFE_CANONICAL_INT) {
    throw new CanonicalJsonError(`${path}: ${n} is outside [-(2**53)+1, (2**53)-1]`);
  }
  return n === 0 ? "0" : String(n); // String(-0) is "0" already; kept explicit for readers
}

function encode(value: unknown, path: string, out: string[]): void {
  if (value === null) {
    out.push("null");
    return;
  }
  switch (typeof value) {
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "number":
      out.push(encodeNumber(value, path));
      return;
    case "string":
      out.push(encodeString(value, path));
      return;
    case "object": {
      if (Array.isArray(value)) {
        out.push("[");
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(",");
          encode(value[i], `${path}[${i}]`, out);
        }
        out.push("]");
        return;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalJsonError(`${path}: only plain objects can be encoded`);
      }
      const obj = value as Record<string, unknown>;
      const keys = sortKeys(Object.keys(obj).filter((k) => obj[k] !== undefined));
      out.push("{");
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        if (i > 0) out.push(",");
        out.push(encodeString(k, `${path} key`), ":");
        encode(obj[k], `${path}.${k}`, out);
      }
      out.push("}");
      return;
    }
    default:
      throw new CanonicalJsonError(`${path}: a ${typeof value} cannot be encoded as JSON`);
  }
}

/** Canonical JSON as a string. Throws CanonicalJsonError on floats, unsafe integers and non-JSON values. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  encode(value, "$", out);
  return out.join("");
}

const utf8 = new TextEncoder();

/** Canonical JSON as UTF-8 bytes: what signatures and hashes are computed over. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return utf8.encode(canonicalJson(value));
}

/** Parses JSON text and checks it is canonical-encodable (integers only, safe range). */
export function parseStrictJson(text: string): JsonValue {
  const value = JSON.parse(text) as JsonValue;
  canonicalJson(value);
  return value;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep copy of a JSON value (structuredClone keeps prototypes plain for JSON data). */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}
