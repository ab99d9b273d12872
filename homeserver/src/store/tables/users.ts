/** Table users: one row per account; user IDs are never reused, so rows are never deleted. */
import type { SqlExecutor } from "../database.js";

export type UserRow = {
  userId: string;
  localpart: string;
  passwordHash: string | null;
  createdTs: number;
  isAdmin: boolean;
  isGuest: boolean;
  deactivated: boolean;
  displayname: string | null;
  avatarUrl: string | null;
  /** Set at the first login: the staff directory lists only users who have logged in. */
  firstLoginTs: number | null;
  /** The latest login (the staff directory counts logins since Messenger was turned on). */
  lastLoginTs: number | null;
  /** A bot account: not in the staff directory unless `isStaff` is true. */
  isBot: boolean;
  /** null: the default (staff unless a bot); true/false: marked so by an admin. */
  isStaff: boolean | null;
};

export type NewUser = Pick<UserRow, "userId" | "localpart" | "passwordHash" | "createdTs"> &
  Partial<Pick<UserRow, "isAdmin" | "isGuest" | "displayname" | "avatarUrl" | "isBot" | "isStaff">>;

type Raw = {
  user_id: string;
  localpart: string;
  password_hash: string | null;
  created_ts: number;
  is_admin: boolean;
  is_guest: boolean;
  deactivated: boolean;
  displayname: string | null;
  avatar_url: string | null;
  first_login_ts: number | null;
  last_login_ts: number | null;
  is_bot: boolean;
  is_staff: boolean | null;
};

const COLUMNS =
  "user_id, localpart, password_hash, created_ts, is_admin, is_guest, deactivated, displayname, avatar_url, first_login_ts, last_login_ts, is_bot, is_staff";

function fromRaw(r: Raw): UserRow {
  return {
    userId: r.user_id,
    localpart: r.localpart,
    passwordHash: r.password_hash,
    createdTs: r.created_ts,
    isAdmin: r.is_admin,
    isGuest: r.is_guest,
    deactivated: r.deactivated,
    displayname: r.displayname,
    avatarUrl: r.avatar_url,
    firstLoginTs: r.first_login_ts,
    lastLoginTs: r.last_login_ts,
    isBot: r.is_bot,
    isStaff: r.is_staff,
  };
}

export const usersTable = {
  /** False when the user ID or localpart is taken (the caller answers M_USER_IN_USE). */
  async insert(q: SqlExecutor, user: NewUser): Promise<boolean> {
    const rows = await q.query(
      `INSERT INTO users (user_id, localpart, password_hash, created_ts, is_admin, is_guest, displayname, avatar_url, is_bot, is_staff)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING user_id`,
      [user.userId, user.localpart, user.passwordHash, user.createdTs, user.isAdmin ?? false, user.isGuest ?? false,
        user.displayname ?? null, user.avatarUrl ?? null, user.isBot ?? false, user.isStaff ?? null],
    );
    return rows.length === 1;
  },

  async get(q: SqlExecutor, userId: string): Promise<UserRow | null> {
    const [row] = await q.query<Raw>(`SELECT ${COLUMNS} FROM users WHERE user_id = $1`, [userId]);
    return row ? fromRaw(row) : null;
  },

  async getByLocalpart(q: SqlExecutor, localpart: string): Promise<UserRow | null> {
    const [row] = await q.query<Raw>(`SELECT ${COLUMNS} FROM users WHERE localpart = $1`, [localpart]);
    return row ? fromRaw(row) : null;
  },

  async setPasswordHash(q: SqlExecutor, userId: string, passwordHash: string | null): Promise<boolean> {
    const rows = await q.query("UPDATE users SET password_hash = $2 WHERE user_id = $1 RETURNING user_id", [userId, passwordHash]);
    return rows.length === 1;
  },

  /** Compare-and-set: replaces the hash only if it is still `expected` (a login upgrading an old hash never undoes a password change). */
  async replacePasswordHash(q: SqlExecutor, userId: string, expected: string, passwordHash: string): Promise<boolean> {
    const rows = await q.query(
      "UPDATE users SET password_hash = $3 WHERE user_id = $1 AND password_hash = $2 RETURNING user_id",
      [userId, expected, passwordHash],
    );
    return rows.length === 1;
  },

  /** Records a login: the latest login time, and the first one unless there was one already. */
  async recordLogin(q: SqlExecutor, userId: string, ts: number): Promise<void> {
    await q.query("UPDATE users SET first_login_ts = COALESCE(first_login_ts, $2), last_login_ts = $2 WHERE user_id = $1", [userId, ts]);
  },

  /** Deactivation also drops the password hash: the account can never log in again. */
  async deactivate(q: SqlExecutor, userId: string): Promise<boolean> {
    const rows = await q.query(
      "UPDATE users SET deactivated = true, password_hash = NULL WHERE user_id = $1 RETURNING user_id",
      [userId],
    );
    return rows.length === 1;
  },

  /** Sets the given profile fields; `undefined` leaves a field as it is, `null` clears it. */
  async setProfile(q: SqlExecutor, userId: string, profile: { displayname?: string | null; avatarUrl?: string | null }): Promise<boolean> {
    const rows = await q.query(
      `UPDATE users SET
         displayname = CASE WHEN $2 THEN $3 ELSE displayname END,
         avatar_url = CASE WHEN $4 THEN $5 ELSE avatar_url END
       WHERE user_id = $1 RETURNING user_id`,
      [userId, profile.displayname !== undefined, profile.displayname ?? null, profile.avatarUrl !== undefined, profile.avatarUrl ?? null],
    );
    return rows.length === 1;
  },
};
