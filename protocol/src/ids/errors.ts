/**
 * The one error every identifier parser throws. `kind` says which identifier
 * was being parsed and `reason` says what was wrong with it, so callers can map
 * failures to Matrix error codes (e.g. `M_INVALID_PARAM`) without matching on
 * message text.
 */

export type IdentifierKind =
  | "server_name"
  | "user_id"
  | "localpart"
  | "room_id"
  | "event_id"
  | "room_alias"
  | "device_id"
  | "key_id";

export type IdentifierProblem =
  /** The input was not a JavaScript string. */
  | "not_string"
  /** The input (or a required part of it) was empty. */
  | "empty"
  /** Longer than the identifier's limit (255 bytes of UTF-8 for sigilled IDs). */
  | "too_long"
  /** Missing or wrong sigil (`@`, `!`, `$`, `#`). */
  | "bad_sigil"
  /** A `:server` part was required but absent. */
  | "missing_server"
  /** The part after `:` is not a valid server name. */
  | "bad_server_name"
  /** The localpart contains a character its grammar forbids. */
  | "bad_localpart"
  /** The hostname of a server name is not a DNS name, IPv4 or bracketed IPv6 literal. */
  | "bad_host"
  | "bad_ipv4"
  | "bad_ipv6"
  /** The port of a server name is not 1..65535 written as 1-5 digits. */
  | "bad_port"
  /** An event ID or v12 room ID is not 43 characters of canonical URL-safe base64. */
  | "bad_hash"
  /** A character outside the identifier's alphabet. */
  | "bad_character"
  /** A key ID whose algorithm is not one Ward understands. */
  | "bad_algorithm"
  /** A value the protocol gives another meaning (e.g. `*` as a device ID). */
  | "reserved";

export class InvalidIdentifierError extends Error {
  override readonly name = "InvalidIdentifierError";
  constructor(
    readonly kind: IdentifierKind,
    readonly reason: IdentifierProblem,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid ${kind.replace("_", " ")}: ${detail}`, options);
  }
}

/** Quote a value for an error message without flooding logs with a huge input. */
export function describe(input: unknown): string {
  if (typeof input !== "string") return input === null ? "null" : typeof input;
  const shown = input.length > 64 ? `${input.slice(0, 64)}…` : input;
  return JSON.stringify(shown);
}
