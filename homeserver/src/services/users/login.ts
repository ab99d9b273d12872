/**
 * POST /login with m.login.password (Ward's only login type).
 *
 * Wrong password, unknown user, a user of another server and an account
 * without a password all get the same 403 after the same hashing work, so
 * the answer does not tell which user names exist. Every failure counts
 * towards sign-in throttling (sign-in-throttle.ts), checked before any
 * password is looked at.
 */
import { isDeviceId, isUserId, isValidNewLocalpart, userIdLocalpart, userIdServer, type BodyOf, type clientLogin } from "@ward/protocol";
import { MatrixError } from "../../http/matrix-error.js";
import { usersTable } from "../../store/tables/users.js";
import { MAX_PASSWORD_LENGTH, openSession, type AccountDeps } from "./account-store.js";
import type { SignInThrottle } from "./sign-in-throttle.js";

export type LoginBody = BodyOf<typeof clientLogin.login>;
export const PASSWORD_LOGIN = "m.login.password";
export const LOGIN_FLOWS: clientLogin.LoginFlowsResponse = Object.freeze({ flows: [{ type: PASSWORD_LOGIN }] });

const invalidLogin = () => new MatrixError(403, "M_FORBIDDEN", "Invalid username or password");

/** The `identifier` (or deprecated top-level `user`) of a login or UIA password stage, as written by the client. */
export function loginUserName(body: { identifier?: { type: string; [k: string]: unknown } | undefined; user?: unknown }): string {
  if (body.identifier !== undefined) {
    if (body.identifier.type !== "m.id.user") {
      throw new MatrixError(400, "M_UNKNOWN", `Identifier type '${body.identifier.type}' is not supported; use m.id.user`);
    }
    const user = body.identifier.user;
    if (typeof user !== "string") throw new MatrixError(400, "M_MISSING_PARAM", "identifier.user must be a string");
    return user;
  }
  if (typeof body.user === "string") return body.user;
  throw new MatrixError(400, "M_MISSING_PARAM", "identifier is required");
}

/**
 * The local user ID a login name means (`alice` or `@alice:this.server`,
 * matched case-insensitively as Synapse does), or null when it cannot name an
 * account here.
 */
export function localUserIdOf(name: string, serverName: string): string | null {
  let localpart = name;
  if (name.startsWith("@")) {
    if (!isUserId(name) || userIdServer(name) !== serverName) return null;
    localpart = userIdLocalpart(name);
  }
  localpart = localpart.toLowerCase();
  return isValidNewLocalpart(localpart) ? `@${localpart}:${serverName}` : null;
}

export type LoginDeps = AccountDeps & { readonly throttle: SignInThrottle };

/** Where a sign-in comes from: the client address (X-Forwarded-For only with WARD_TRUST_PROXY). */
export type LoginClient = { readonly address?: string | undefined };

export async function login(deps: LoginDeps, body: LoginBody, client: LoginClient = {}): Promise<clientLogin.LoginResponse> {
  const { db, config, logger } = deps.context;
  if (body.type !== PASSWORD_LOGIN) throw new MatrixError(400, "M_UNKNOWN", `Login type '${body.type}' is not supported`);
  if (body.identifier === undefined && (body.medium !== undefined || body.address !== undefined)) {
    throw new MatrixError(400, "M_UNKNOWN", "Third-party identifiers are not supported; use m.id.user");
  }
  const name = loginUserName(body);
  if (typeof body.password !== "string") throw new MatrixError(400, "M_MISSING_PARAM", "password is required");
  if (body.device_id !== undefined && !isDeviceId(body.device_id)) throw new MatrixError(400, "M_INVALID_PARAM", "device_id is not a valid device ID");
  const password = body.password;

  const userId = localUserIdOf(name, config.serverName);
  const attempt = { userId, address: client.address };
  await deps.throttle.check(attempt);
  const user = userId === null ? null : await usersTable.get(db, userId);
  if (!user || user.passwordHash === null || password.length > MAX_PASSWORD_LENGTH) {
    await deps.passwords.verifyNobody(password.slice(0, MAX_PASSWORD_LENGTH));
    await deps.throttle.failed(attempt);
    // A deactivated account has no password hash left: say so, rather than "wrong password" forever.
    if (user?.deactivated) throw new MatrixError(403, "M_USER_DEACTIVATED", "This account has been deactivated");
    logger.info({ reason: user ? "no password" : "unknown user" }, "login refused");
    throw invalidLogin();
  }
  if (!(await deps.passwords.verify(user.passwordHash, password))) {
    await deps.throttle.failed(attempt);
    logger.info({ userId: user.userId, reason: "wrong password" }, "login refused");
    throw invalidLogin();
  }
  if (user.deactivated) throw new MatrixError(403, "M_USER_DEACTIVATED", "This account has been deactivated");
  await deps.throttle.succeeded(user.userId);
  await upgradeHash(deps, user.userId, user.passwordHash, password);

  const session = await openSession(deps, { userId: user.userId, deviceId: body.device_id, displayName: body.initial_device_display_name });
  logger.info({ userId: session.userId, deviceId: session.deviceId }, "logged in");
  return { user_id: session.userId, access_token: session.accessToken, device_id: session.deviceId, home_server: config.serverName };
}

/** A hash made under older settings is replaced while the password is at hand. */
async function upgradeHash(deps: AccountDeps, userId: string, stored: string, password: string): Promise<void> {
  if (!deps.passwords.needsRehash(stored)) return;
  try {
    const fresh = await deps.passwords.hash(password);
    // Only if the hash is still the one verified: a concurrent password change wins.
    await usersTable.replacePasswordHash(deps.context.db, userId, stored, fresh);
  } catch (err) {
    deps.context.logger.warn({ err, userId }, "could not upgrade the password hash");
  }
}
