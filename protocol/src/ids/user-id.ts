/**
 * User IDs (appendices, "User Identifiers" and "Historical User IDs").
 *
 * Parsing accepts the historical grammar, because rooms still hold events from
 * such users and servers MUST accept them: any Unicode scalar value except `:`
 * and NUL, even an empty localpart. Ward itself only creates localparts from
 * the current grammar (`isValidNewLocalpart`). Nothing is lowercased silently:
 * `@Alice:example.org` parses as itself, and callers that want the
 * registration-time mapping must do it before calling `makeUserId`.
 */
import { InvalidIdentifierError, describe } from "./errors.js";
import { checkSigilled, splitDelimited } from "./sigilled.js";
import { parseServerName, type ServerName } from "./server-name.js";
import { historicalLocalpartProblem } from "./text.js";

export type UserId = string & { readonly __brand: "UserId" };

/** The current (v1.8+) localpart grammar: `a-z 0-9 . _ = - / +`, non-empty. */
const NEW_LOCALPART = /^[a-z0-9._=\-/+]+$/;
/** The spec's "compliant" range: printable ASCII U+0021..U+007E, non-empty. */
const COMPLIANT_LOCALPART = /^[\x21-\x7e]+$/;

export function parseUserId(input: unknown): UserId {
  const text = checkSigilled("user_id", "@", input);
  const { localpart } = splitDelimited("user_id", text);
  const problem = historicalLocalpartProblem(localpart);
  if (problem !== undefined) throw new InvalidIdentifierError("user_id", "bad_localpart", `${describe(text)}: localpart ${problem}`);
  return text as UserId;
}

export function isUserId(input: unknown): input is UserId {
  try {
    parseUserId(input);
    return true;
  } catch {
    return false;
  }
}

/** Whether a localpart follows the current grammar, the only one Ward uses for accounts it creates. */
export function isValidNewLocalpart(localpart: unknown): localpart is string {
  return typeof localpart === "string" && NEW_LOCALPART.test(localpart);
}

/**
 * Whether a user ID is "compliant": its localpart is non-empty printable ASCII.
 * Servers accept non-compliant senders inside events but SHOULD NOT forward
 * such user IDs to clients outside an event (e.g. device list updates).
 */
export function isCompliantUserId(userId: UserId): boolean {
  return COMPLIANT_LOCALPART.test(userIdLocalpart(userId));
}

/** Build a user ID for a new account: the localpart must follow the current grammar. */
export function makeUserId(localpart: string, server: ServerName | string): UserId {
  if (!isValidNewLocalpart(localpart)) {
    const reason = localpart === "" ? "empty" : "bad_localpart";
    throw new InvalidIdentifierError("localpart", reason, `${describe(localpart)} may only contain a-z, 0-9, '.', '_', '=', '-', '/' and '+'`);
  }
  return parseUserId(`@${localpart}:${parseServerName(server)}`);
}

export function userIdLocalpart(userId: UserId): string {
  return userId.slice(1, userId.indexOf(":"));
}

export function userIdServer(userId: UserId): ServerName {
  return userId.slice(userId.indexOf(":") + 1) as ServerName;
}
