/**
 * The staff directory's reads over table users (columns from 001 and 012)
 * and the `messenger_enabled_ts` server setting. One SQL condition decides
 * who is listed, so the directory, user directory search and the invite
 * check (services/staff) can never disagree:
 *   active (not deactivated, not a guest), staff (is_staff, or by default
 *   not a bot), and logged in at or after Messenger was turned on (no
 *   setting: any login counts).
 *
 * Order: display name (or localpart when there is none), lowercased, then
 * user ID, both in "C" collation so every database agrees; pages continue
 * after a (sort key, user ID) pair, so a user added meanwhile does not shift
 * the next page.
 */
import type { SqlExecutor } from "../database.js";

export const MESSENGER_ENABLED_SETTING = "messenger_enabled_ts";

export type StaffRow = { userId: string; displayname: string | null; avatarUrl: string | null; sortKey: string };

/** Where the next page starts: just after this member. */
export type StaffCursor = { sortKey: string; userId: string };

/** Why a local user is not listed; null when listed. */
export type UnlistedReason = "unknown" | "deactivated" | "not_staff" | "never_logged_in" | "not_since_enabled";

type Raw = { user_id: string; displayname: string | null; avatar_url: string | null; sort_key: string };

const ENABLED_TS = `COALESCE((SELECT value::bigint FROM server_settings WHERE name = '${MESSENGER_ENABLED_SETTING}'), 0)`;

const LISTED = `NOT u.deactivated AND NOT u.is_guest AND COALESCE(u.is_staff, NOT u.is_bot)
  AND u.last_login_ts IS NOT NULL AND u.last_login_ts >= ${ENABLED_TS}`;

const SORT_KEY = `(lower(COALESCE(u.displayname, u.localpart)) COLLATE "C")`;

/**
 * Every pattern in $1 (ILIKE patterns, one per search word) matches the
 * localpart or the display name: "rob smi" finds "Robert Smith".
 */
const MATCHES_ALL_WORDS = `NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS w(pattern)
  WHERE NOT (u.localpart ILIKE w.pattern OR COALESCE(u.displayname, '') ILIKE w.pattern))`;

/** Escapes %, _ and \ so a search word matches literally inside ILIKE. */
function likeLiteral(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function patternsOf(words: readonly string[]): string[] {
  return words.map((word) => `%${likeLiteral(word)}%`);
}

export const staffDirectoryTable = {
  /** Listed members matching every word (none: everyone), after `cursor`, in directory order. */
  async search(q: SqlExecutor, words: readonly string[], limit: number, cursor?: StaffCursor): Promise<StaffRow[]> {
    const rows = await q.query<Raw>(
      `SELECT u.user_id, u.displayname, u.avatar_url, ${SORT_KEY} AS sort_key FROM users u
       WHERE ${LISTED} AND ${MATCHES_ALL_WORDS}
         AND ($2::text IS NULL OR (${SORT_KEY}, u.user_id COLLATE "C") > ($2::text COLLATE "C", $3::text COLLATE "C"))
       ORDER BY ${SORT_KEY}, u.user_id COLLATE "C" LIMIT $4`,
      [patternsOf(words), cursor?.sortKey ?? null, cursor?.userId ?? null, limit],
    );
    return rows.map((r) => ({ userId: r.user_id, displayname: r.displayname, avatarUrl: r.avatar_url, sortKey: r.sort_key }));
  },

  /** How many listed members match every word. */
  async count(q: SqlExecutor, words: readonly string[]): Promise<number> {
    const [row] = await q.query<{ n: number | string }>(`SELECT count(*) AS n FROM users u WHERE ${LISTED} AND ${MATCHES_ALL_WORDS}`, [patternsOf(words)]);
    return Number(row?.n ?? 0);
  },

  /** For each of `userIds` that is not listed, why (users of other servers are not looked at: pass local IDs). */
  async unlisted(q: SqlExecutor, userIds: readonly string[]): Promise<Map<string, UnlistedReason>> {
    const reasons = new Map<string, UnlistedReason>(userIds.map((id) => [id, "unknown"]));
    if (userIds.length === 0) return reasons;
    const rows = await q.query<{ user_id: string; listed: boolean; deactivated: boolean; staff: boolean; logged_in: boolean }>(
      `SELECT u.user_id, (${LISTED}) AS listed, u.deactivated OR u.is_guest AS deactivated,
              COALESCE(u.is_staff, NOT u.is_bot) AS staff, u.last_login_ts IS NOT NULL AS logged_in
       FROM users u WHERE u.user_id = ANY($1::text[])`,
      [userIds],
    );
    for (const r of rows) {
      if (r.listed) reasons.delete(r.user_id);
      else if (r.deactivated) reasons.set(r.user_id, "deactivated");
      else if (!r.staff) reasons.set(r.user_id, "not_staff");
      else reasons.set(r.user_id, r.logged_in ? "not_since_enabled" : "never_logged_in");
    }
    return reasons;
  },
};
