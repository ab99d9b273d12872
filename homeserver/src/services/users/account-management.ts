/**
 * Changing the password and deactivating the account: both after UIA with
 * the user's current password (m.login.password), the UIA session used up in
 * the same transaction as the change.
 *
 * A password change ends every other session of the user at once (unless
 * `logout_devices: false`); deactivation ends all of them, then leaves the
 * user's rooms. Revocations are published only after commit.
 */
import type { Session } from "../../http/auth.js";
import { MatrixError } from "../../http/matrix-error.js";
import type { Transaction } from "../../store/database.js";
import { accessTokensTable } from "../../store/tables/access-tokens.js";
import { currentStateTable } from "../../store/tables/current-state.js";
import { devicesTable } from "../../store/tables/devices.js";
import { usersTable } from "../../store/tables/users.js";
import { appendAudit } from "../audit/record.js";
import type { ServiceContext } from "../context.js";
import type { MembershipService } from "../rooms/membership.js";
import { publishRevoked } from "./account-store.js";
import { checkNewPassword } from "./password-policy.js";
import { createPasswordHasher, type PasswordHasher } from "./passwords.js";
import { tokenHashKey } from "./tokens.js";
import { PASSWORD_STAGE, type UiaAuth, type UiaPolicy, type UserInteractiveAuth } from "./uia.js";

export interface AccountManagementService {
  /** `logoutDevices` (default true) ends every session but the caller's. */
  changePassword(session: Session, newPassword: string, logoutDevices: boolean, auth: UiaAuth | undefined): Promise<void>;
  /** Deactivates the caller's account; the caller's own token stops working too. */
  deactivate(session: Session, auth: UiaAuth | undefined): Promise<void>;
  /** The same, for the admin API: no UIA (the admin service has checked the caller). 404 for an unknown user. */
  deactivateUser(userId: string): Promise<void>;
}

export type AccountManagementDeps = {
  readonly context: Pick<ServiceContext, "db" | "bus" | "clock" | "config" | "logger">;
  readonly uia: UserInteractiveAuth;
  readonly rooms: Pick<MembershipService, "leave">;
  /** Defaults to a hasher with config.passwordHashing (the shared worker thread). */
  readonly passwords?: PasswordHasher;
};

/** Memberships deactivation ends: joined rooms, and pending invites and knocks (rejected / withdrawn). */
const ENDED_MEMBERSHIPS = ["join", "invite", "knock"] as const;

const policy = (purpose: string, userId: string): UiaPolicy => ({ purpose, userId, flows: [{ stages: [PASSWORD_STAGE] }] });

const alreadyUsed = () => new MatrixError(400, "M_UNKNOWN", "This authentication session was already used");

/** Deletes the user's devices and their tokens, except `keepDeviceId`'s; returns the revoked token hashes. */
async function endSessions(tx: Transaction, userId: string, keepDeviceId?: string): Promise<string[]> {
  if (keepDeviceId === undefined) {
    const hashes = (await accessTokensTable.deleteAllForUser(tx, userId)).map(tokenHashKey);
    await devicesTable.deleteAllForUser(tx, userId);
    return hashes;
  }
  const hashes: string[] = [];
  for (const device of await devicesTable.listForUser(tx, userId)) {
    if (device.deviceId === keepDeviceId) continue;
    hashes.push(...(await accessTokensTable.deleteForDevice(tx, userId, device.deviceId)).map(tokenHashKey));
    await devicesTable.delete(tx, userId, device.deviceId);
  }
  return hashes;
}

export function createAccountManagementService(deps: AccountManagementDeps): AccountManagementService {
  const { db, logger, config } = deps.context;
  const passwords = deps.passwords ?? createPasswordHasher(config.passwordHashing);
  const storeDeps = { context: deps.context, passwords };

  return {
    async changePassword(session, newPassword, logoutDevices, auth) {
      // Checked before UIA: a client is not asked for the old password to set an unacceptable new one.
      checkNewPassword(newPassword);
      const uiaSession = await deps.uia.authenticate(auth, policy("account.password", session.userId));
      // Hashing runs before the transaction (on PGlite a transaction holds the only connection).
      const hash = await passwords.hash(newPassword);
      const revoked = await db.transaction(async (tx) => {
        if (!(await deps.uia.consume(tx, uiaSession))) throw alreadyUsed();
        if (!(await usersTable.setPasswordHash(tx, session.userId, hash))) throw new MatrixError(404, "M_NOT_FOUND", "Unknown user");
        const ended = logoutDevices ? await endSessions(tx, session.userId, session.deviceId) : [];
        // Audit, last in the transaction: no change without its record.
        await appendAudit(tx, deps.context.clock(), [{ action: "password_change", actor: session.userId, deviceId: session.deviceId }]);
        return ended;
      });
      logger.info({ userId: session.userId, loggedOut: revoked.length }, "password changed");
      await publishRevoked(storeDeps, revoked);
    },

    async deactivate(session, auth) {
      const uiaSession = await deps.uia.authenticate(auth, policy("account.deactivate", session.userId));
      await deactivateAccount(session.userId, uiaSession, session.tokenHash);
    },

    deactivateUser: (userId) => deactivateAccount(userId, undefined, undefined),
  };

  /** Ends every session, marks the account, then leaves its rooms; `uiaSession` is used up in the same transaction. */
  async function deactivateAccount(userId: string, uiaSession: string | undefined, callerTokenHash: string | undefined): Promise<void> {
    const { revoked, rooms } = await db.transaction(async (tx) => {
      if (uiaSession !== undefined && !(await deps.uia.consume(tx, uiaSession))) throw alreadyUsed();
      if (!(await usersTable.deactivate(tx, userId))) throw new MatrixError(404, "M_NOT_FOUND", "Unknown user");
      const hashes = await endSessions(tx, userId);
      const memberships = await currentStateTable.roomsForUser(tx, userId, ENDED_MEMBERSHIPS);
      // Audit, last in the transaction; the actor (the user, or the admin) comes from the request.
      await appendAudit(tx, deps.context.clock(), [{ action: uiaSession === undefined ? "admin_deactivate" : "deactivate", targetUser: userId }]);
      return { revoked: hashes, rooms: memberships.map((m) => m.roomId) };
    });
    logger.info({ userId, rooms: rooms.length, byAdmin: uiaSession === undefined }, "account deactivated");
    const caller = callerTokenHash !== undefined && !revoked.includes(callerTokenHash) ? [callerTokenHash] : [];
    await publishRevoked(storeDeps, [...revoked, ...caller]);
    // After the account transaction: each leave is its own event through the rooms service.
    for (const roomId of rooms) {
      try {
        // The flag lets this leave out of direct conversations too, which nobody else may leave (services/messenger/rules.ts).
        await deps.rooms.leave(userId, roomId, undefined, { accountDeactivation: true });
      } catch (err) {
        logger.warn({ err, userId, roomId }, "deactivation could not leave room");
      }
    }
  }
}
