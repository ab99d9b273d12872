/**
 * The staff directory: everyone on this server who has logged in at least
 * once since Messenger was turned on for the organisation, and nobody else
 * (not accounts that never logged in, not deactivated ones, not bots unless
 * marked as staff). Who is listed is one SQL condition
 * (store/tables/staff-directory.ts); this service pages and searches it and
 * enforces the rule that staff may message and invite only people in it.
 *
 * Users of other servers are never in this directory; whether they may be
 * invited is for federation's rules (partner servers on the allowlist).
 */
import { parseUserId, userIdServer, wardMessenger } from "@ward/protocol";
import { forbidden } from "../../http/matrix-error.js";
import type { SqlExecutor } from "../../store/database.js";
import { staffDirectoryTable, type StaffRow, type UnlistedReason } from "../../store/tables/staff-directory.js";
import type { ServiceContext } from "../context.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { searchWordsOf } from "./search-words.js";

export const DEFAULT_STAFF_PAGE = 100;
export const MAX_STAFF_PAGE = 500;

export type StaffQuery = { search?: string | undefined; limit?: number | undefined; from?: string | undefined };

/** A search answer of at most `limit` members; `limited` when more matched. */
export type StaffSearchResult = { members: wardMessenger.StaffMember[]; limited: boolean };

export interface StaffDirectory {
  /** GET /_ward/client/v1/directory: one page, in directory order, with the number of matches. */
  list(query: StaffQuery): Promise<wardMessenger.StaffDirectoryResponse>;
  /** The first `limit` members matching `term` (POST /user_directory/search). */
  search(term: string, limit: number): Promise<StaffSearchResult>;
  isListed(userId: string): Promise<boolean>;
  /** Throws 403 M_FORBIDDEN naming the first local user who is not in the directory. */
  assertMessageable(q: SqlExecutor, userIds: readonly string[]): Promise<void>;
}

export function staffMemberOf(row: StaffRow): wardMessenger.StaffMember {
  return {
    user_id: row.userId,
    ...(row.displayname !== null && { display_name: row.displayname }),
    ...(row.avatarUrl !== null && { avatar_url: row.avatarUrl }),
  };
}

function isLocalUser(userId: string, serverName: string): boolean {
  try {
    return userIdServer(parseUserId(userId)) === serverName;
  } catch {
    return false;
  }
}

const WHY: Record<UnlistedReason, string> = {
  unknown: "is not a user of this server",
  deactivated: "has been deactivated",
  not_staff: "is not a staff account (a bot not marked as staff)",
  never_logged_in: "has not signed in to Ward yet",
  not_since_enabled: "has not signed in to Ward since Messenger was turned on",
};

/**
 * Refuses when any local user in `userIds` is not in the staff directory:
 * 403 M_FORBIDDEN, "<user> has not signed in to Ward yet, so they are not in
 * the staff directory: only people in it can be messaged or invited".
 * Users of other servers pass (federation decides about them).
 */
export async function assertMessageable(q: SqlExecutor, serverName: string, userIds: readonly string[]): Promise<void> {
  const local = [...new Set(userIds.filter((id) => isLocalUser(id, serverName)))];
  const unlisted = await staffDirectoryTable.unlisted(q, local);
  for (const userId of local) {
    const reason = unlisted.get(userId);
    if (reason !== undefined) {
      throw forbidden(`${userId} ${WHY[reason]}, so they are not in the staff directory: only people in it can be messaged or invited`);
    }
  }
}

export function createStaffDirectory(context: Pick<ServiceContext, "db" | "config">): StaffDirectory {
  const { db, config } = context;
  return {
    async list(query) {
      const limit = Math.min(query.limit ?? DEFAULT_STAFF_PAGE, MAX_STAFF_PAGE);
      const cursor = query.from === undefined ? undefined : decodePageToken(query.from);
      const words = searchWordsOf(query.search ?? "", config.serverName);
      // One row more than asked for tells whether there is a next page.
      const rows = await staffDirectoryTable.search(db, words, limit + 1, cursor);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const total = await staffDirectoryTable.count(db, words);
      return {
        chunk: page.map(staffMemberOf),
        total,
        ...(rows.length > limit && last !== undefined && { next_batch: encodePageToken(last) }),
      };
    },

    async search(term, limit) {
      const rows = await staffDirectoryTable.search(db, searchWordsOf(term, config.serverName), limit + 1);
      return { members: rows.slice(0, limit).map(staffMemberOf), limited: rows.length > limit };
    },

    async isListed(userId) {
      if (!isLocalUser(userId, config.serverName)) return false;
      return !(await staffDirectoryTable.unlisted(db, [userId])).has(userId);
    },

    assertMessageable: (q, userIds) => assertMessageable(q, config.serverName, userIds),
  };
}
