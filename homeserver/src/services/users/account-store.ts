/**
 * The account operations login, registration, logout and the admin CLI share:
 * creating a user, opening a session (device + access token), ending
 * sessions, checking a password. Hashing always happens before a transaction
 * opens (on PGlite a transaction holds the only connection).
 */
import { isValidNewLocalpart, makeUserId, type UserId } from "@ward/protocol";
import type { Session } from "../../http/auth.js";
import { MatrixError } from "../../http/matrix-error.js";
import type { Transaction } from "../../store/database.js";
import { accessTokensTable } from "../../store/tables/access-tokens.js";
import { devicesTable } from "../../store/tables/devices.js";
import { usersTable } from "../../store/tables/users.js";
import { appendAudit } from "../audit/record.js";
import type { ServiceContext } from "../context.js";
import { checkNewPassword } from "./password-policy.js";
import type { PasswordHasher } from "./passwords.js";
import { hashAccessToken, newAccessToken, newDeviceId, tokenHashKey } from "./tokens.js";

/**
 * The longest password a login or UIA check will hash (UTF-16 units): new
 * passwords are capped lower by the policy (password-policy.ts); this bound
 * only keeps the hashing cost of a hostile request in check.
 */
export const MAX_PASSWORD_LENGTH = 512;
/** The spec caps a user ID at 255 bytes. */
const MAX_USER_ID_BYTES = 255;

export type NewAccount = {
  localpart: string;
  password: string | null;
  admin?: boolean;
  /** A bot account: left out of the staff directory unless `staff` is true. */
  bot?: boolean;
  /** Marks the account as staff (listed in the staff directory once it logs in, bot or not). */
  staff?: boolean;
};

export type OpenSession = { userId: string; deviceId?: string | undefined; displayName?: string | undefined };

export type OpenedSession = { userId: string; deviceId: string; accessToken: string };

/** What the account operations use; the admin CLI builds this without the rest of a ServiceContext. */
export type AccountDeps = {
  readonly context: Pick<ServiceContext, "db" | "bus" | "clock" | "config" | "logger">;
  readonly passwords: PasswordHasher;
};

/** M_INVALID_USERNAME unless `localpart` can name a new account here. */
export function checkNewLocalpart(localpart: string, serverName: string): UserId {
  if (!isValidNewLocalpart(localpart)) {
    throw new MatrixError(400, "M_INVALID_USERNAME", "User names may only contain a-z, 0-9, '.', '_', '=', '-', '/' and '+'");
  }
  if (Buffer.byteLength(`@${localpart}:${serverName}`, "utf8") > MAX_USER_ID_BYTES) {
    throw new MatrixError(400, "M_INVALID_USERNAME", "User name is too long");
  }
  return makeUserId(localpart, serverName);
}

/** Creates the account; the password is checked and hashed first. `null` makes an account that cannot log in with a password. */
export async function createUser(deps: AccountDeps, account: NewAccount): Promise<UserId> {
  const { db, clock, config } = deps.context;
  const userId = checkNewLocalpart(account.localpart, config.serverName);
  if (account.password !== null) checkNewPassword(account.password);
  if (await usersTable.get(db, userId)) throw userInUse();
  const passwordHash = account.password === null ? null : await deps.passwords.hash(account.password);
  const created = await usersTable.insert(db, {
    userId,
    localpart: account.localpart,
    passwordHash,
    createdTs: clock(),
    isAdmin: account.admin ?? false,
    isBot: account.bot ?? false,
    ...(account.staff !== undefined && { isStaff: account.staff }),
  });
  if (!created) throw userInUse();
  deps.context.logger.info({ userId, admin: account.admin ?? false, bot: account.bot ?? false }, "account created");
  return userId;
}

export const userInUse = () => new MatrixError(400, "M_USER_IN_USE", "That user name is already taken");

/**
 * Creates (or reuses) the device and a new access token in `tx`, and records
 * the login (the staff directory lists who has logged in). Reusing a device
 * ends its earlier tokens (the spec says so): their hashes are returned, to
 * publish once the transaction commits.
 */
export async function openSessionIn(tx: Transaction, now: number, session: OpenSession): Promise<OpenedSession & { revoked: string[] }> {
  const deviceId = session.deviceId ?? newDeviceId();
  await devicesTable.upsert(tx, {
    userId: session.userId,
    deviceId,
    displayName: session.displayName ?? null,
    createdTs: now,
    lastSeenTs: now,
    lastSeenIp: null,
  });
  const revoked = (await accessTokensTable.deleteForDevice(tx, session.userId, deviceId)).map(tokenHashKey);
  const accessToken = newAccessToken();
  await accessTokensTable.insert(tx, {
    tokenHash: hashAccessToken(accessToken),
    userId: session.userId,
    deviceId,
    createdTs: now,
    lastUsedTs: now,
    lastActivityTs: now,
    expiresTs: null,
  });
  await usersTable.recordLogin(tx, session.userId, now);
  // Audit (login and registration both sign in here); the callers add nothing to `tx` after this.
  await appendAudit(tx, now, [{ action: "login", actor: session.userId, deviceId }]);
  return { userId: session.userId, deviceId, accessToken, revoked };
}

export async function openSession(deps: AccountDeps, session: OpenSession): Promise<OpenedSession> {
  const { db, clock } = deps.context;
  const { revoked, ...opened } = await db.transaction((tx) => openSessionIn(tx, clock(), session));
  await publishRevoked(deps, revoked);
  return opened;
}

/** POST /logout: this token and its device (as Synapse does). */
export async function logout(deps: AccountDeps, session: Session): Promise<void> {
  const revoked = await deps.context.db.transaction(async (tx) => {
    const hashes = (await accessTokensTable.deleteForDevice(tx, session.userId, session.deviceId)).map(tokenHashKey);
    await devicesTable.delete(tx, session.userId, session.deviceId);
    await appendAudit(tx, deps.context.clock(), [{ action: "logout", actor: session.userId, deviceId: session.deviceId }]);
    return hashes;
  });
  await publishRevoked(deps, revoked.includes(session.tokenHash) ? revoked : [...revoked, session.tokenHash]);
}

/** POST /logout/all: every token and device of the user. */
export async function logoutAll(deps: AccountDeps, session: Session): Promise<void> {
  const revoked = await deps.context.db.transaction(async (tx) => {
    const hashes = (await accessTokensTable.deleteAllForUser(tx, session.userId)).map(tokenHashKey);
    await devicesTable.deleteAllForUser(tx, session.userId);
    await appendAudit(tx, deps.context.clock(), [{ action: "logout_all", actor: session.userId, deviceId: session.deviceId }]);
    return hashes;
  });
  await publishRevoked(deps, revoked);
}

/** After COMMIT: long-polls holding these sessions end at once, in every process. */
export async function publishRevoked(deps: AccountDeps, tokenHashes: string[]): Promise<void> {
  if (tokenHashes.length === 0) return;
  try {
    await deps.context.bus.publish({ kind: "session-revoked", tokenHashes });
  } catch (err) {
    // The tokens are gone from the database already; a lost hint only lets a long-poll run to its timeout.
    deps.context.logger.warn({ err, count: tokenHashes.length }, "could not publish session revocation");
  }
}

/** True when `password` is this active user's password (always spends hashing time, even for unknown users). */
export async function checkPassword(deps: AccountDeps, userId: string, password: string): Promise<boolean> {
  const user = await usersTable.get(deps.context.db, userId);
  if (!user || user.deactivated || user.passwordHash === null || password.length > MAX_PASSWORD_LENGTH) {
    return deps.passwords.verifyNobody(password.slice(0, MAX_PASSWORD_LENGTH));
  }
  return deps.passwords.verify(user.passwordHash, password);
}
