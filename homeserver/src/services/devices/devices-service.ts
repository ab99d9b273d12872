/**
 * The devices service: a user's own devices (one per login session), listed,
 * renamed and deleted. Deleting needs User-Interactive Authentication with the
 * user's password, and ends the device's sessions at once: its access tokens
 * go in the same transaction that uses the UIA session up, and the revocation
 * is published after commit so long-polls held by those tokens return 401.
 */
import type { clientTypes } from "@ward/protocol";
import type { Session } from "../../http/auth.js";
import { MatrixError } from "../../http/matrix-error.js";
import { accessTokensTable } from "../../store/tables/access-tokens.js";
import { devicesTable, type DeviceRow } from "../../store/tables/devices.js";
import { appendAudit } from "../audit/record.js";
import type { ServiceContext } from "../context.js";
import { tokenHashKey } from "../users/tokens.js";
import { PASSWORD_STAGE, type UiaAuth, type UiaPolicy, type UserInteractiveAuth } from "../users/uia.js";

/** Synapse's limit too; a name is a label in a device list, not a document. Counted in code points. */
export const MAX_DEVICE_DISPLAY_NAME_LENGTH = 100;
/** One request deletes at most this many devices (a bound on the transaction, not a spec rule). */
export const MAX_DEVICES_PER_DELETE = 1000;

export interface DevicesService {
  list(userId: string): Promise<clientTypes.Device[]>;
  /** 404 M_NOT_FOUND unless the device is one of the user's. */
  get(userId: string, deviceId: string): Promise<clientTypes.Device>;
  /** `undefined` leaves the name unchanged (the spec's "if not given"); 404 as for `get`. */
  rename(userId: string, deviceId: string, displayName: string | undefined): Promise<void>;
  /**
   * Deletes the caller's devices after UIA (m.login.password). `single`: the
   * DELETE /devices/{deviceId} form, which answers 404 for an unknown device;
   * POST /delete_devices skips IDs that are not the caller's.
   */
  delete(session: Session, deviceIds: readonly string[], auth: UiaAuth | undefined, options?: { single?: boolean }): Promise<void>;
}

export type DevicesDeps = {
  readonly context: Pick<ServiceContext, "db" | "bus" | "logger" | "clock">;
  readonly uia: UserInteractiveAuth;
};

const notFound = () => new MatrixError(404, "M_NOT_FOUND", "Unknown device");

function toDevice(row: DeviceRow): clientTypes.Device {
  return {
    device_id: row.deviceId,
    ...(row.displayName !== null ? { display_name: row.displayName } : {}),
    ...(row.lastSeenTs !== null ? { last_seen_ts: row.lastSeenTs } : {}),
    ...(row.lastSeenIp !== null ? { last_seen_ip: row.lastSeenIp } : {}),
  };
}

/**
 * The UIA session is bound to the user and the exact set of devices: a session
 * begun to delete one device cannot be replayed to delete others.
 */
function deletePolicy(userId: string, deviceIds: readonly string[]): UiaPolicy {
  return { purpose: `devices.delete ${JSON.stringify(deviceIds)}`, userId, flows: [{ stages: [PASSWORD_STAGE] }] };
}

export function createDevicesService(deps: DevicesDeps): DevicesService {
  const { db, bus, logger, clock } = deps.context;

  return {
    async list(userId) {
      return (await devicesTable.listForUser(db, userId)).map(toDevice);
    },

    async get(userId, deviceId) {
      const row = await devicesTable.get(db, userId, deviceId);
      if (!row) throw notFound();
      return toDevice(row);
    },

    async rename(userId, deviceId, displayName) {
      if (displayName !== undefined && [...displayName].length > MAX_DEVICE_DISPLAY_NAME_LENGTH) {
        throw new MatrixError(400, "M_TOO_LARGE", `display_name is longer than ${MAX_DEVICE_DISPLAY_NAME_LENGTH} characters`);
      }
      const found = displayName === undefined ? (await devicesTable.get(db, userId, deviceId)) !== null : await devicesTable.setDisplayName(db, userId, deviceId, displayName);
      if (!found) throw notFound();
    },

    async delete(session, deviceIds, auth, options = {}) {
      const ids = [...new Set(deviceIds)].sort();
      if (ids.length > MAX_DEVICES_PER_DELETE) {
        throw new MatrixError(400, "M_INVALID_PARAM", `At most ${MAX_DEVICES_PER_DELETE} devices can be deleted at once`);
      }
      // Checked before UIA so a client is not asked for a password to delete nothing.
      if (options.single && ids[0] !== undefined && !(await devicesTable.get(db, session.userId, ids[0]))) throw notFound();
      const uiaSession = await deps.uia.authenticate(auth, deletePolicy(session.userId, ids));
      const revoked = await db.transaction(async (tx) => {
        if (!(await deps.uia.consume(tx, uiaSession))) throw new MatrixError(400, "M_UNKNOWN", "This authentication session was already used");
        const hashes: string[] = [];
        const deletedIds: string[] = [];
        for (const deviceId of ids) {
          hashes.push(...(await accessTokensTable.deleteForDevice(tx, session.userId, deviceId)).map(tokenHashKey));
          const deleted = await devicesTable.delete(tx, session.userId, deviceId);
          // Deleted by a concurrent request since the check above: the rollback restores the UIA session.
          if (!deleted && options.single) throw notFound();
          if (deleted) deletedIds.push(deviceId);
        }
        // Audit, last in the transaction: one row per device actually deleted.
        await appendAudit(tx, clock(), deletedIds.map((deviceId) => ({ action: "device_delete" as const, actor: session.userId, deviceId: session.deviceId, targetDevice: deviceId })));
        return hashes;
      });
      logger.info({ userId: session.userId, count: ids.length }, "devices deleted");
      if (revoked.length === 0) return;
      try {
        await bus.publish({ kind: "session-revoked", tokenHashes: revoked });
      } catch (err) {
        // The tokens are gone already; a lost hint only lets a long-poll run to its timeout.
        logger.warn({ err, count: revoked.length }, "could not publish session revocation");
      }
    },
  };
}
