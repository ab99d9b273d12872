/**
 * POST /user_directory/search: Ward's staff directory (services/staff),
 * searched by display name and user ID. Every listed colleague is found, not
 * only people one shares a room with (as the spec's default would have it):
 * a clinic's staff may message anyone in the directory, and only them.
 */
import type { clientUserDirectory } from "@ward/protocol";
import type { StaffDirectory } from "../staff/index.js";

export const DEFAULT_DIRECTORY_LIMIT = 10;
/** A bound on one answer; clients narrow the term rather than page (the endpoint has no paging). */
export const MAX_DIRECTORY_LIMIT = 50;

export interface UserDirectoryService {
  search(term: string, limit: number | undefined): Promise<clientUserDirectory.UserDirectoryResponse>;
}

export function createUserDirectoryService(deps: { staff: StaffDirectory }): UserDirectoryService {
  return {
    async search(term, requested) {
      const limit = Math.min(requested ?? DEFAULT_DIRECTORY_LIMIT, MAX_DIRECTORY_LIMIT);
      const { members, limited } = await deps.staff.search(term, limit);
      return { results: members, limited };
    },
  };
}
