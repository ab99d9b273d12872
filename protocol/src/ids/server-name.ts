/**
 * Server names (appendices, "Server Name"): `hostname [":" port]` where the
 * hostname is a DNS name, a dotted-quad IPv4 literal or a bracketed IPv6
 * literal. Server names are case-sensitive and are never lowercased here:
 * `@user:matrix.org` and `@user:MATRIX.ORG` are different users.
 */
import { InvalidIdentifierError, describe } from "./errors.js";
import { isIPv4Literal, isIPv6Literal } from "./ip.js";
import { MAX_IDENTIFIER_BYTES } from "./text.js";

export type ServerName = string & { readonly __brand: "ServerName" };

export type ServerNameParts = {
  /** The hostname as written, brackets included for IPv6 (like WHATWG `URL.hostname`). */
  readonly hostname: string;
  readonly port: number | undefined;
  readonly type: "dns" | "ipv4" | "ipv6";
};

const DNS_NAME = /^[A-Za-z0-9.-]+$/;
const DIGITS_AND_DOTS = /^[0-9.]+$/;
const PORT = /^[0-9]{1,5}$/;

export function parseServerName(input: unknown): ServerName {
  splitServerNameText(input);
  return input as ServerName;
}

export function isServerName(input: unknown): input is ServerName {
  try {
    splitServerNameText(input);
    return true;
  } catch {
    return false;
  }
}

/** Hostname, port and hostname type of a server name (for server discovery). */
export function splitServerName(name: ServerName): ServerNameParts {
  return splitServerNameText(name);
}

function fail(reason: "too_long" | "bad_host" | "bad_ipv4" | "bad_ipv6" | "bad_port", input: unknown, why: string): never {
  throw new InvalidIdentifierError("server_name", reason, `${describe(input)} ${why}`);
}

function splitServerNameText(input: unknown): ServerNameParts {
  if (typeof input !== "string") throw new InvalidIdentifierError("server_name", "not_string", `expected a string, got ${describe(input)}`);
  if (input === "") throw new InvalidIdentifierError("server_name", "empty", "is empty");
  // Every valid server name is ASCII, so characters and bytes agree; the check also bounds the work below.
  if (input.length > MAX_IDENTIFIER_BYTES) fail("too_long", input, `is longer than ${MAX_IDENTIFIER_BYTES} characters`);

  let hostname: string;
  let portText: string | undefined;
  let type: ServerNameParts["type"];
  if (input.startsWith("[")) {
    const close = input.indexOf("]");
    if (close < 0) fail("bad_ipv6", input, "has an unterminated IPv6 literal");
    hostname = input.slice(0, close + 1);
    if (!isIPv6Literal(input.slice(1, close))) fail("bad_ipv6", input, "has an invalid IPv6 literal");
    const rest = input.slice(close + 1);
    if (rest !== "" && !rest.startsWith(":")) fail("bad_host", input, "has characters after the IPv6 literal");
    portText = rest === "" ? undefined : rest.slice(1);
    type = "ipv6";
  } else {
    const colon = input.indexOf(":");
    if (colon >= 0 && input.indexOf(":", colon + 1) >= 0) {
      fail("bad_host", input, "has more than one ':' (IPv6 literals must be in brackets)");
    }
    hostname = colon < 0 ? input : input.slice(0, colon);
    portText = colon < 0 ? undefined : input.slice(colon + 1);
    if (hostname === "") fail("bad_host", input, "has an empty hostname");
    if (!DNS_NAME.test(hostname)) fail("bad_host", input, "has a hostname with characters other than letters, digits, '-' and '.'");
    // A name of only digits and dots can only be meant as an IPv4 literal (no top-level domain is numeric).
    type = DIGITS_AND_DOTS.test(hostname) ? "ipv4" : "dns";
    if (type === "ipv4" && !isIPv4Literal(hostname)) {
      fail("bad_ipv4", input, "has an invalid IPv4 literal (four numbers 0-255 without leading zeros)");
    }
  }
  return { hostname, port: portText === undefined ? undefined : parsePort(input, portText), type };
}

function parsePort(input: string, text: string): number {
  const port = PORT.test(text) ? Number(text) : 0;
  if (port < 1 || port > 65535) fail("bad_port", input, "has a port that is not a number from 1 to 65535");
  return port;
}
