/**
 * The messenger service: what Ward's messenger API serves for channels and
 * direct conversations (api/ward/messenger-rooms.ts). The rules themselves
 * live in rules.ts and apply to every event through the event writer; room
 * creation marks rooms through creation.ts. The staff directory is another
 * service (services/staff).
 *
 * The channel-redaction setting is for admins only (users.is_admin, read at
 * each call); anyone else gets 403 M_FORBIDDEN and nothing changes.
 */
import type { Session } from "../../http/auth.js";
import { forbidden } from "../../http/matrix-error.js";
import { usersTable } from "../../store/tables/users.js";
import type { AuditService } from "../audit/index.js";
import type { ServiceContext } from "../context.js";
import type { RoomsService } from "../rooms/index.js";
import { channelRedactionAllowed, writeChannelRedaction } from "./channel-redaction.js";
import { createOpenDirect, type OpenDirectResponse } from "./open-direct.js";

export interface MessengerService {
  /** Opens (or, for a one-to-one, finds) a direct conversation of `userId` with `userIds` (the others). */
  openDirect(userId: string, userIds: readonly string[], name?: string): Promise<OpenDirectResponse>;
  /** Admins: whether messages in channels may be deleted. */
  channelRedaction(caller: Session): Promise<boolean>;
  /** Admins: allow or forbid deleting messages in channels; returns the value set. */
  setChannelRedaction(caller: Session, allowed: boolean): Promise<boolean>;
}

export type MessengerDeps = {
  readonly rooms: Pick<RoomsService, "createRoom">;
  /** Reads of settings are recorded here; changes record themselves in their transactions. */
  readonly audit: Pick<AuditService, "record">;
};

export function createMessengerService(ctx: Pick<ServiceContext, "db" | "clock" | "logger">, deps: MessengerDeps): MessengerService {
  const { db } = ctx;

  const requireAdmin = async (caller: Session): Promise<void> => {
    const user = await usersTable.get(db, caller.userId);
    if (!user?.isAdmin || user.deactivated) throw forbidden("This endpoint is for server admins only");
  };

  return {
    openDirect: createOpenDirect(db, deps.rooms),

    async channelRedaction(caller) {
      await requireAdmin(caller);
      await deps.audit.record([{ action: "admin_settings_read" }]);
      return channelRedactionAllowed(db);
    },

    async setChannelRedaction(caller, allowed) {
      await requireAdmin(caller);
      await db.transaction((tx) => writeChannelRedaction(tx, allowed, caller.userId, ctx.clock()));
      ctx.logger.info({ allowed, by: caller.userId }, "channel redaction setting changed");
      return allowed;
    },
  };
}
