/**
 * Value parsers shared by both drivers so a row reads the same whichever
 * backend produced it (see the normalisation contract in database.ts).
 */

/** Postgres type OIDs the drivers override. */
export const OID = { int8: 20, bytea: 17, int8Array: 1016 } as const;

/** int8 → number when exact; beyond 2**53 a bigint, never a silently rounded number. */
export function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** bytea in the hex output format (`\x0102…`, Postgres' default since 9.0) → a fresh Uint8Array. */
export function parseByteaHex(text: string): Uint8Array {
  if (!text.startsWith("\\x")) throw new Error("bytea is not in hex format (set bytea_output = 'hex')");
  // Copy out of Node's shared Buffer pool: callers get a plain, independent Uint8Array.
  return new Uint8Array(Buffer.from(text.slice(2), "hex"));
}
