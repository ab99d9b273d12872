/**
 * The accounts service: users, passwords, login sessions and the
 * User-Interactive Authentication they share. API areas (login, register,
 * account) and the admin CLI go through it; the HTTP layer authenticates
 * with its `sessions` resolver.
 */
import type { clientLogin, clientRegister, UserId } from "@ward/protocol";
import type { Session, SessionResolver } from "../../http/auth.js";
import { sodiumReady } from "../../crypto/sodium.js";
import { MatrixError } from "../../http/matrix-error.js";
import type { ServiceContext } from "../context.js";
import {
  checkPassword,
  createUser,
  logout,
  logoutAll,
  openSession,
  type AccountDeps,
  type NewAccount,
  type OpenedSession,
  type OpenSession,
} from "./account-store.js";
import { createIdleTimeoutSetting, type IdleTimeoutSetting } from "./idle-timeout.js";
import { LOGIN_FLOWS, localUserIdOf, login, loginUserName, type LoginBody, type LoginClient } from "./login.js";
import { createPasswordHasher, type PasswordHasher } from "./passwords.js";
import { register, usernameAvailable, type RegisterBody, type RegisterKind } from "./register.js";
import { createSessionResolver } from "./sessions.js";
import { createSignInThrottle, type SignInThrottle } from "./sign-in-throttle.js";
import { createUserInteractiveAuth, DUMMY_STAGE, dummyStage, PASSWORD_STAGE, type StageCheck, type UserInteractiveAuth } from "./uia.js";

export interface AccountsService {
  /** Access token → session, for the HTTP layer (main.ts wires it through sessionResolverOf). */
  readonly sessions: SessionResolver;
  /** UIA with m.login.dummy and m.login.password, for endpoints that need it. */
  readonly uia: UserInteractiveAuth;
  /** The password hasher, shared with password change so both hash alike. */
  readonly passwords: PasswordHasher;
  /** The org's idle timeout, which the session resolver applies and the admin API sets. */
  readonly idleTimeout: IdleTimeoutSetting;
  loginFlows(): clientLogin.LoginFlowsResponse;
  login(body: LoginBody, client?: LoginClient): Promise<clientLogin.LoginResponse>;
  register(body: RegisterBody, kind: RegisterKind): Promise<clientRegister.RegisterResponse>;
  /** Resolves when free; throws M_INVALID_USERNAME or M_USER_IN_USE (403 M_FORBIDDEN when registration is disabled). */
  checkUsernameAvailable(username: string): Promise<void>;
  /** For the admin CLI and tests: no UIA, no registration switch. */
  createUser(account: NewAccount): Promise<UserId>;
  /** A new device and access token for an existing user (also records the first login). */
  openSession(session: OpenSession): Promise<OpenedSession>;
  checkPassword(userId: string, password: string): Promise<boolean>;
  logout(session: Session): Promise<void>;
  logoutAll(session: Session): Promise<void>;
}

export type AccountsOptions = {
  /** Defaults to argon2id with config.passwordHashing, in the shared worker thread. */
  passwords?: PasswordHasher;
};

export async function createAccountsService(context: ServiceContext, options: AccountsOptions = {}): Promise<AccountsService> {
  await sodiumReady(); // tokens and device IDs use it synchronously
  const throttle = createSignInThrottle(context);
  const deps = { context, passwords: options.passwords ?? createPasswordHasher(context.config.passwordHashing), throttle };
  const uia = createUserInteractiveAuth(context, {
    [DUMMY_STAGE]: dummyStage,
    [PASSWORD_STAGE]: passwordStage(deps, context.config.serverName),
  });
  const idleTimeout = createIdleTimeoutSetting(context);
  return {
    sessions: createSessionResolver(context, { idleTimeoutMs: () => idleTimeout.current(), maxLifetimeMs: context.config.sessionMaxLifetimeMs }),
    uia,
    passwords: deps.passwords,
    idleTimeout,
    loginFlows: () => LOGIN_FLOWS,
    login: (body, client) => login(deps, body, client),
    register: (body, kind) => register(deps, uia, body, kind),
    checkUsernameAvailable: (username) => usernameAvailable(deps, username),
    createUser: (account) => createUser(deps, account),
    openSession: (session) => openSession(deps, session),
    checkPassword: (userId, password) => checkPassword(deps, userId, password),
    logout: (session) => logout(deps, session),
    logoutAll: (session) => logoutAll(deps, session),
  };
}

/**
 * m.login.password as a UIA stage: the password of the user the operation is
 * for (`policy.userId`); naming anyone else fails like a wrong password.
 * Failures count towards that account's sign-in lock, and a locked account
 * cannot pass the stage: a stolen session is no way around the lock.
 */
function passwordStage(deps: AccountDeps & { throttle: SignInThrottle }, serverName: string): StageCheck {
  return async (auth, policy) => {
    const identifier = auth.identifier as { type: string; [k: string]: unknown } | undefined;
    const name = loginUserName({ identifier: typeof identifier === "object" && identifier !== null ? identifier : undefined, user: auth.user });
    if (typeof auth.password !== "string") throw new MatrixError(400, "M_MISSING_PARAM", "password is required");
    const account = { userId: policy.userId ?? null };
    await deps.throttle.check(account);
    const userId = localUserIdOf(name, serverName);
    const ok = userId !== null && userId === policy.userId && (await checkPassword(deps, userId, auth.password));
    if (!ok) {
      if (userId !== policy.userId) await deps.passwords.verifyNobody(auth.password);
      await deps.throttle.failed(account);
      throw new MatrixError(403, "M_FORBIDDEN", "Invalid username or password");
    }
    await deps.throttle.succeeded(userId);
  };
}
