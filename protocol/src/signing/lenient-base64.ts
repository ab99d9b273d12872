/**
 * Standard base64 decoding that ignores the unused low bits of the last
 * character. `decodeBase64` rejects such input so that IDs have one spelling,
 * but key material and signatures are compared as bytes, and other servers
 * (Synapse decodes with Python's lenient decoder) accept it. The spec's own
 * test-vector seed, `...MW+3XA1`, has non-zero trailing bits.
 */
import { decodeBase64 } from "../base64.js";

const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function decodeBase64IgnoringTrailingBits(text: string): Uint8Array {
  let s = text;
  if (s.length % 4 === 0 && s.endsWith("=")) s = s.endsWith("==") ? s.slice(0, -2) : s.slice(0, -1);
  const rest = s.length % 4;
  if (rest === 2 || rest === 3) {
    const last = STD.indexOf(s[s.length - 1]!);
    // rest 2 → the last character carries 2 data bits (4 unused); rest 3 → 4 data bits (2 unused).
    if (last >= 0) s = s.slice(0, -1) + STD[last & (rest === 2 ? 0b110000 : 0b111100)]!;
  }
  return decodeBase64(s);
}
