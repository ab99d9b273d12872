/**
 * Room aliases (appendices, "Room Aliases"): `#localpart:server`, where the
 * localpart may hold any Unicode scalar value except `:` and NUL.
 *
 * Ward additionally refuses an empty localpart (`#:example.org`): the spec is
 * silent, but an alias exists to be typed and looked up, and an empty one names
 * nothing. Aliases Ward creates must also pass `isValidNewAliasLocalpart`.
 */
import { InvalidIdentifierError, describe } from "./errors.js";
import { parseServerName, type ServerName } from "./server-name.js";
import { checkSigilled, splitDelimited } from "./sigilled.js";
import { historicalLocalpartProblem, isControl, isWhitespace } from "./text.js";

export type RoomAlias = string & { readonly __brand: "RoomAlias" };

export function parseRoomAlias(input: unknown): RoomAlias {
  const text = checkSigilled("room_alias", "#", input);
  const { localpart } = splitDelimited("room_alias", text);
  if (localpart === "") throw new InvalidIdentifierError("room_alias", "empty", `${describe(text)} has an empty localpart`);
  const problem = historicalLocalpartProblem(localpart);
  if (problem !== undefined) throw new InvalidIdentifierError("room_alias", "bad_localpart", `${describe(text)}: localpart ${problem}`);
  return text as RoomAlias;
}

export function isRoomAlias(input: unknown): input is RoomAlias {
  try {
    parseRoomAlias(input);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether Ward should create an alias with this localpart: the spec's grammar,
 * minus control characters and whitespace, which make an alias impossible to
 * type or read back reliably.
 */
export function isValidNewAliasLocalpart(localpart: unknown): localpart is string {
  if (typeof localpart !== "string" || localpart === "") return false;
  if (historicalLocalpartProblem(localpart) !== undefined) return false;
  for (const char of localpart) {
    const code = char.codePointAt(0)!;
    if (isControl(code) || isWhitespace(code)) return false;
  }
  return true;
}

/** Build an alias for Ward to create; the localpart must pass `isValidNewAliasLocalpart`. */
export function makeRoomAlias(localpart: string, server: ServerName | string): RoomAlias {
  if (!isValidNewAliasLocalpart(localpart)) {
    throw new InvalidIdentifierError(
      "localpart",
      localpart === "" ? "empty" : "bad_localpart",
      `${describe(localpart)} is not a usable alias localpart (no ':', NUL, control characters or whitespace)`,
    );
  }
  return parseRoomAlias(`#${localpart}:${parseServerName(server)}`);
}

export function aliasLocalpart(alias: RoomAlias): string {
  return alias.slice(1, alias.indexOf(":"));
}

export function aliasServer(alias: RoomAlias): ServerName {
  return alias.slice(alias.indexOf(":") + 1) as ServerName;
}
