/**
 * The admin service: what Ward's admin API (/_ward/admin/v1) does. Every
 * operation first checks that the caller is an admin (users.is_admin, read
 * at each call, so taking the flag away applies at once); anyone else gets
 * 403 M_FORBIDDEN and nothing changes.
 */
import { isUserId, userIdServer } from "@ward/protocol";
import type { Session } from "../../http/auth.js";
import { forbidden, invalidParam } from "../../http/matrix-error.js";
import { usersTable } from "../../store/tables/users.js";
import type { AuditService } from "../audit/index.js";
import type { ServiceContext } from "../context.js";
import type { AccountManagementService } from "../users/account-management.js";
import type { IdleTimeoutSetting } from "../users/idle-timeout.js";

export interface AdminService {
  idleTimeout(caller: Session): Promise<number>;
  /** 400 M_INVALID_PARAM below 5 minutes or above 4 hours. */
  setIdleTimeout(caller: Session, ms: number): Promise<number>;
  /** A local account: 400 for another server's user, 404 for an unknown one. Deactivating twice is harmless. */
  deactivateUser(caller: Session, userId: string): Promise<void>;
}

export type AdminDeps = {
  readonly context: Pick<ServiceContext, "db" | "config" | "logger">;
  readonly idleTimeout: IdleTimeoutSetting;
  readonly accountManagement: Pick<AccountManagementService, "deactivateUser">;
  /** Reads of settings are recorded here; changes record themselves in their transactions. */
  readonly audit: Pick<AuditService, "record">;
};

export function createAdminService(deps: AdminDeps): AdminService {
  const { db, config, logger } = deps.context;

  const requireAdmin = async (caller: Session): Promise<void> => {
    const user = await usersTable.get(db, caller.userId);
    if (!user?.isAdmin || user.deactivated) throw forbidden("This endpoint is for server admins only");
  };

  return {
    async idleTimeout(caller) {
      await requireAdmin(caller);
      await deps.audit.record([{ action: "admin_settings_read" }]);
      return deps.idleTimeout.current();
    },

    async setIdleTimeout(caller, ms) {
      await requireAdmin(caller);
      return deps.idleTimeout.set(ms, caller.userId);
    },

    async deactivateUser(caller, userId) {
      await requireAdmin(caller);
      if (!isUserId(userId)) throw invalidParam("userId is not a valid user ID");
      if (userIdServer(userId) !== config.serverName) throw invalidParam("Only accounts on this server can be deactivated");
      await deps.accountManagement.deactivateUser(userId);
      logger.info({ userId, by: caller.userId }, "account deactivated by admin");
    },
  };
}
