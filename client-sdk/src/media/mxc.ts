/**
 * `mxc://` URIs: how Matrix names a file, `mxc://<server name>/<media ID>`.
 * The download paths take the two parts separately.
 */

export type MxcParts = { readonly serverName: string; readonly mediaId: string };

// A server name is a host (DNS name, IPv4 or [IPv6]) with an optional port; media IDs are [A-Za-z0-9_-] (the spec's rule).
const MXC = /^mxc:\/\/((?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?)\/([A-Za-z0-9_-]+)$/;

/** The server name and media ID of `uri`, or undefined when it is not an mxc URI. */
export function parseMxc(uri: string): MxcParts | undefined {
  const match = MXC.exec(uri);
  return match ? { serverName: match[1]!, mediaId: match[2]! } : undefined;
}

/** Like parseMxc, but throws a RangeError naming the problem (a caller's mistake, caught before any request). */
export function requireMxc(uri: string): MxcParts {
  const parts = parseMxc(uri);
  if (!parts) throw new RangeError(`not an mxc:// URI: ${JSON.stringify(uri.slice(0, 100))}`);
  return parts;
}
