/**
 * The shared shape of `&localpart:server` identifiers (appendices, "Common
 * Identifier Format"): sigil check, the 255-byte limit on the whole
 * identifier, and the split at the first `:` (localparts never contain one,
 * so everything after it is the server name).
 */
import { InvalidIdentifierError, describe, type IdentifierKind } from "./errors.js";
import { parseServerName, type ServerName } from "./server-name.js";
import { MAX_IDENTIFIER_BYTES, utf8ByteLength } from "./text.js";

/** Type check, sigil check and byte limit: the steps every sigilled identifier starts with. */
export function checkSigilled(kind: IdentifierKind, sigil: string, input: unknown): string {
  if (typeof input !== "string") throw new InvalidIdentifierError(kind, "not_string", `expected a string, got ${describe(input)}`);
  if (input === "") throw new InvalidIdentifierError(kind, "empty", "is empty");
  if (!input.startsWith(sigil)) throw new InvalidIdentifierError(kind, "bad_sigil", `${describe(input)} does not start with '${sigil}'`);
  if (utf8ByteLength(input) > MAX_IDENTIFIER_BYTES) {
    throw new InvalidIdentifierError(kind, "too_long", `${describe(input)} is longer than ${MAX_IDENTIFIER_BYTES} bytes`);
  }
  return input;
}

/** Split `&localpart:server` (after `checkSigilled`) and validate the server part. */
export function splitDelimited(kind: IdentifierKind, input: string): { localpart: string; server: ServerName } {
  const colon = input.indexOf(":");
  if (colon < 0) throw new InvalidIdentifierError(kind, "missing_server", `${describe(input)} has no ':server' part`);
  const serverText = input.slice(colon + 1);
  let server: ServerName;
  try {
    server = parseServerName(serverText);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidIdentifierError(kind, "bad_server_name", `${describe(input)}: ${why}`, { cause });
  }
  return { localpart: input.slice(1, colon), server };
}
