/**
 * The users a room operation names (invitees, kick/ban targets), checked
 * before anything is written: a valid user ID, and for now a user of this
 * server, since Ward does not federate yet.
 */
import { InvalidIdentifierError, parseUserId, userIdServer } from "@ward/protocol";
import { MatrixError, invalidParam } from "../../http/matrix-error.js";
import type { SqlExecutor } from "../../store/database.js";
import { usersTable } from "../../store/tables/users.js";

export function checkUserId(value: string, field: string): string {
  try {
    return parseUserId(value);
  } catch (err) {
    if (err instanceof InvalidIdentifierError) throw invalidParam(`${field}: ${err.message}`);
    throw err;
  }
}

/** A user who can be invited: valid ID, on this server, existing and active. */
export async function checkInvitableUser(q: SqlExecutor, serverName: string, value: string, field: string): Promise<string> {
  const userId = checkUserId(value, field);
  if (userIdServer(userId as Parameters<typeof userIdServer>[0]) !== serverName) {
    throw new MatrixError(403, "M_FORBIDDEN", `${field}: ${userId} is on another server; Ward does not federate yet`);
  }
  const user = await usersTable.get(q, userId);
  if (!user || user.deactivated) throw invalidParam(`${field}: ${userId} is not a user of this server`);
  return userId;
}

/** The profile fields a join event carries; unset fields are left out. */
export async function memberProfileOf(q: SqlExecutor, userId: string): Promise<{ displayname?: string; avatar_url?: string }> {
  const user = await usersTable.get(q, userId);
  return {
    ...(user?.displayname != null && { displayname: user.displayname }),
    ...(user?.avatarUrl != null && { avatar_url: user.avatarUrl }),
  };
}
