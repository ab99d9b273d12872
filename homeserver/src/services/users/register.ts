/**
 * POST /register and GET /register/available.
 *
 * Ward registers staff accounts only (no guests), and only when the operator
 * enabled it (WARD_ENABLE_REGISTRATION); otherwise accounts come from the
 * admin CLI. The user name and password are checked before UIA starts, so a
 * client learns "name taken" before walking through the stages (Synapse does
 * the same); the account is created only once a flow is complete.
 */
import { isDeviceId, type BodyOf, type clientRegister } from "@ward/protocol";
import { MatrixError } from "../../http/matrix-error.js";
import { usersTable } from "../../store/tables/users.js";
import { checkNewLocalpart, openSessionIn, publishRevoked, userInUse, type AccountDeps } from "./account-store.js";
import { checkNewPassword } from "./password-policy.js";
import { randomLowerAlnum } from "./tokens.js";
import { DUMMY_STAGE, type UiaPolicy, type UserInteractiveAuth } from "./uia.js";

export type RegisterBody = BodyOf<typeof clientRegister.register>;
export type RegisterKind = "guest" | "user" | undefined;

export const REGISTER_UIA: UiaPolicy = Object.freeze({ purpose: "register", flows: [{ stages: [DUMMY_STAGE] }] });

/** Clients send user names in any case; Matrix user IDs are lowercase (Synapse folds them the same way). */
function normalise(username: string): string {
  return username.toLowerCase();
}

/** GET /register/available: closed with registration, or it would list who has an account to anyone who asks. */
export async function usernameAvailable(deps: AccountDeps, username: string): Promise<void> {
  if (!deps.context.config.enableRegistration) throw registrationDisabled();
  await checkUsernameAvailable(deps, username);
}

const registrationDisabled = () => new MatrixError(403, "M_FORBIDDEN", "Registration is disabled");

async function checkUsernameAvailable(deps: AccountDeps, username: string): Promise<void> {
  const userId = checkNewLocalpart(normalise(username), deps.context.config.serverName);
  if (await usersTable.get(deps.context.db, userId)) throw userInUse();
}

export async function register(
  deps: AccountDeps,
  uia: UserInteractiveAuth,
  body: RegisterBody,
  kind: RegisterKind,
): Promise<clientRegister.RegisterResponse> {
  const { db, clock, config, logger } = deps.context;
  if (kind === "guest") throw new MatrixError(403, "M_GUEST_ACCESS_FORBIDDEN", "Guest accounts are not available on this server");
  if (!config.enableRegistration) throw registrationDisabled();
  const localpart = body.username === undefined ? undefined : normalise(body.username);
  if (localpart !== undefined) await checkUsernameAvailable(deps, localpart);
  if (body.password !== undefined) checkNewPassword(body.password);
  if (body.device_id !== undefined && !isDeviceId(body.device_id)) throw new MatrixError(400, "M_INVALID_PARAM", "device_id is not a valid device ID");

  const sessionId = await uia.authenticate(body.auth, REGISTER_UIA);

  if (body.password === undefined) throw new MatrixError(400, "M_MISSING_PARAM", "password is required");
  const passwordHash = await deps.passwords.hash(body.password);
  const chosen = localpart ?? (await freeLocalpart(deps));
  const userId = checkNewLocalpart(chosen, config.serverName);
  const now = clock();
  const session = await db.transaction(async (tx) => {
    if (!(await uia.consume(tx, sessionId))) throw new MatrixError(400, "M_UNKNOWN", "This authentication session was already used");
    // ON CONFLICT DO NOTHING inside: a lost race answers M_USER_IN_USE and the rollback restores the UIA session.
    if (!(await usersTable.insert(tx, { userId, localpart: chosen, passwordHash, createdTs: now }))) throw userInUse();
    if (body.inhibit_login === true) return undefined;
    return openSessionIn(tx, now, { userId, deviceId: body.device_id, displayName: body.initial_device_display_name });
  });
  logger.info({ userId, deviceId: session?.deviceId }, "registered");
  if (!session) return { user_id: userId, home_server: config.serverName };
  await publishRevoked(deps, session.revoked);
  return { user_id: userId, access_token: session.accessToken, device_id: session.deviceId, home_server: config.serverName };
}

/** A generated user name for a client that chose none. */
async function freeLocalpart(deps: AccountDeps): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const localpart = `u${randomLowerAlnum(11)}`;
    if (!(await usersTable.getByLocalpart(deps.context.db, localpart))) return localpart;
  }
  throw new MatrixError(500, "M_UNKNOWN", "Could not generate a free user name");
}
