/**
 * The little identifier parsing the auth rules need. Kept private to this
 * area so the rules do not wait on the identifier module, and deliberately
 * lenient: rooms must keep accepting historical user IDs (appendices,
 * "Historical User IDs"), so only the shape `@localpart:server_name` and the
 * 255-byte limit are enforced, never the modern localpart character set.
 */

const SERVER_NAME = /^(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,255})(?::[0-9]{1,5})?$/;
const utf8 = new TextEncoder();

/** The server name after the first `:` of a user, room or event ID; undefined when there is none. */
export function serverNameOf(id: string): string | undefined {
  const colon = id.indexOf(":");
  return colon < 0 ? undefined : id.slice(colon + 1);
}

export function isValidServerName(name: string): boolean {
  return SERVER_NAME.test(name);
}

/** True for `@localpart:server` where the localpart has no NUL and the whole ID fits in 255 bytes. */
export function isValidUserId(value: unknown): value is string {
  if (typeof value !== "string" || !value.startsWith("@")) return false;
  if (utf8.encode(value).length > 255) return false;
  const colon = value.indexOf(":");
  if (colon < 0) return false;
  if (value.slice(1, colon).includes("\u0000")) return false;
  return isValidServerName(value.slice(colon + 1));
}
