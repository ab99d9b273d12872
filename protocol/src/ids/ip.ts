/**
 * IP address literals as they may appear in server names (appendices,
 * "Server Name"): dotted-quad IPv4 and RFC 3513 section 2.2 IPv6 text forms.
 * Zone IDs (`%eth0`) are not part of either grammar and are rejected.
 */

const DECIMAL_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/**
 * Four decimal numbers 0..255 separated by dots. Leading zeros are refused:
 * some resolvers read `010` as octal 8, and a server name must mean one host.
 */
export function isIPv4Literal(text: string): boolean {
  const parts = text.split(".");
  if (parts.length !== 4) return false;
  return parts.every((part) => DECIMAL_OCTET.test(part) && Number(part) <= 255);
}

/** An IPv6 address without brackets: 8 hex groups, at most one `::`, optional trailing dotted quad. */
export function isIPv6Literal(text: string): boolean {
  // The spec's grammar bounds the literal at 2..45 characters.
  if (text.length < 2 || text.length > 45) return false;
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const compressed = halves.length === 2;
  const head = groupsOf(halves[0]!);
  const tail = compressed ? groupsOf(halves[1]!) : [];
  const all = [...head, ...tail];
  // Only the very last group may be an embedded IPv4 address (worth two groups).
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const group = all[i]!;
    const last = i === all.length - 1 && (!compressed || tail.length > 0);
    if (HEX_GROUP.test(group)) count += 1;
    else if (last && isIPv4Literal(group)) count += 2;
    else return false;
  }
  // `::` stands for at least one zero group.
  return compressed ? count <= 7 : count === 8;
}

function groupsOf(text: string): string[] {
  return text === "" ? [] : text.split(":");
}
