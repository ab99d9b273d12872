/**
 * Character-level checks shared by the identifier parsers. Identifier limits
 * are in bytes of UTF-8, and JavaScript strings are UTF-16, so lengths are
 * counted here by code point rather than with `TextEncoder` (which the
 * protocol library's ES-only lib does not declare).
 */

/** Sigilled identifiers (user, room, event IDs, aliases) may not exceed this many UTF-8 bytes. */
export const MAX_IDENTIFIER_BYTES = 255;

/** UTF-8 length of a string. A lone surrogate counts as the 3 bytes of U+FFFD it would be replaced by. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * Why a "historical" localpart (any Unicode scalar value except `:` and NUL,
 * as the spec allows for user IDs, room IDs and aliases) is not acceptable,
 * or undefined when it is.
 */
export function historicalLocalpartProblem(localpart: string): string | undefined {
  for (let i = 0; i < localpart.length; i++) {
    const unit = localpart.charCodeAt(i);
    if (unit === 0x3a) return `contains ':' at position ${i}`;
    if (unit === 0) return `contains NUL at position ${i}`;
    if (unit >= 0xd800 && unit <= 0xdfff) {
      // A well-formed pair is one code point; anything else cannot be encoded as UTF-8.
      if (unit <= 0xdbff && isLowSurrogate(localpart.charCodeAt(i + 1))) i++;
      else return `contains an unpaired surrogate at position ${i}`;
    }
  }
  return undefined;
}

/** True for C0 and C1 control characters and DEL. */
export function isControl(codePoint: number): boolean {
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f);
}

/** Unicode White_Space characters (the set JavaScript's `\s` matches, minus BOM). */
export function isWhitespace(codePoint: number): boolean {
  return codePoint !== 0xfeff && /\s/u.test(String.fromCodePoint(codePoint));
}
