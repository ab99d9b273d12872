/**
 * The user directory: Ward's staff directory. Searches local accounts by
 * localpart and display name (usersTable.searchDirectory), listing only
 * active, non-guest users who have logged in at least once.
 */
import type { clientUserDirectory } from "@ward/protocol";
import type { ServiceContext } from "../context.js";
import { usersTable } from "../../store/tables/users.js";

export const DEFAULT_DIRECTORY_LIMIT = 10;
/** A bound on one answer; clients page by narrowing the term, not by offset. */
export const MAX_DIRECTORY_LIMIT = 50;

export interface UserDirectoryService {
  search(term: string, limit: number | undefined): Promise<clientUserDirectory.UserDirectoryResponse>;
}

/** A full user ID of this server searches by its localpart ("@alice:example.org" finds alice). */
function searchTermOf(term: string, serverName: string): string {
  const trimmed = term.trim();
  const match = /^@([^:]*)(?::(.*))?$/.exec(trimmed);
  if (match && (match[2] === undefined || match[2] === serverName)) return match[1] ?? "";
  return trimmed;
}

export function createUserDirectoryService(context: Pick<ServiceContext, "db" | "config">): UserDirectoryService {
  return {
    async search(term, requested) {
      const limit = Math.min(requested ?? DEFAULT_DIRECTORY_LIMIT, MAX_DIRECTORY_LIMIT);
      // One row more than asked for tells whether the answer is `limited`.
      const rows = await usersTable.searchDirectory(context.db, searchTermOf(term, context.config.serverName), limit + 1);
      return {
        results: rows.slice(0, limit).map((row) => ({
          user_id: row.userId,
          ...(row.displayname !== null ? { display_name: row.displayname } : {}),
          ...(row.avatarUrl !== null ? { avatar_url: row.avatarUrl } : {}),
        })),
        limited: rows.length > limit,
      };
    },
  };
}
