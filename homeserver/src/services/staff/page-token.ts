/**
 * The staff directory's `next_batch`: where the next page starts, as an
 * opaque token (base64url of the last member's sort key and user ID). A
 * token that does not decode answers 400 M_INVALID_PARAM.
 */
import { invalidParam } from "../../http/matrix-error.js";
import type { StaffCursor } from "../../store/tables/staff-directory.js";

export function encodePageToken(cursor: StaffCursor): string {
  return Buffer.from(JSON.stringify([cursor.sortKey, cursor.userId]), "utf8").toString("base64url");
}

export function decodePageToken(token: string): StaffCursor {
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,2000}$/.test(token)) throw new Error("not base64url");
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalidParam("from: not a token this directory gave out");
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== "string" || typeof value[1] !== "string") {
    throw invalidParam("from: not a token this directory gave out");
  }
  return { sortKey: value[0], userId: value[1] };
}
