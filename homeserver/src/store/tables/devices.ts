/** Table devices: a user's logged-in sessions; deleting one revokes its access tokens (FK cascade). */
import type { SqlExecutor } from "../database.js";

export type DeviceRow = {
  userId: string;
  deviceId: string;
  displayName: string | null;
  createdTs: number;
  lastSeenTs: number | null;
  lastSeenIp: string | null;
};

type Raw = {
  user_id: string;
  device_id: string;
  display_name: string | null;
  created_ts: number;
  last_seen_ts: number | null;
  last_seen_ip: string | null;
};

const COLUMNS = "user_id, device_id, display_name, created_ts, last_seen_ts, last_seen_ip";

function fromRaw(r: Raw): DeviceRow {
  return {
    userId: r.user_id,
    deviceId: r.device_id,
    displayName: r.display_name,
    createdTs: r.created_ts,
    lastSeenTs: r.last_seen_ts,
    lastSeenIp: r.last_seen_ip,
  };
}

export const devicesTable = {
  /**
   * Creates the device, or — a login naming an existing device ID — keeps it
   * (and its created_ts), taking the new display name only when one is given.
   */
  async upsert(q: SqlExecutor, device: DeviceRow): Promise<DeviceRow> {
    const [row] = await q.query<Raw>(
      `INSERT INTO devices (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id, device_id) DO UPDATE SET
         display_name = COALESCE(EXCLUDED.display_name, devices.display_name),
         last_seen_ts = COALESCE(EXCLUDED.last_seen_ts, devices.last_seen_ts),
         last_seen_ip = COALESCE(EXCLUDED.last_seen_ip, devices.last_seen_ip)
       RETURNING ${COLUMNS}`,
      [device.userId, device.deviceId, device.displayName, device.createdTs, device.lastSeenTs, device.lastSeenIp],
    );
    return fromRaw(row as Raw);
  },

  async get(q: SqlExecutor, userId: string, deviceId: string): Promise<DeviceRow | null> {
    const [row] = await q.query<Raw>(`SELECT ${COLUMNS} FROM devices WHERE user_id = $1 AND device_id = $2`, [userId, deviceId]);
    return row ? fromRaw(row) : null;
  },

  async listForUser(q: SqlExecutor, userId: string): Promise<DeviceRow[]> {
    const rows = await q.query<Raw>(`SELECT ${COLUMNS} FROM devices WHERE user_id = $1 ORDER BY device_id`, [userId]);
    return rows.map(fromRaw);
  },

  async setDisplayName(q: SqlExecutor, userId: string, deviceId: string, displayName: string | null): Promise<boolean> {
    const rows = await q.query(
      "UPDATE devices SET display_name = $3 WHERE user_id = $1 AND device_id = $2 RETURNING device_id",
      [userId, deviceId, displayName],
    );
    return rows.length === 1;
  },

  /** Deletes the device and, by cascade, every access token of it. */
  async delete(q: SqlExecutor, userId: string, deviceId: string): Promise<boolean> {
    const rows = await q.query("DELETE FROM devices WHERE user_id = $1 AND device_id = $2 RETURNING device_id", [userId, deviceId]);
    return rows.length === 1;
  },

  /** Deletes all of a user's devices (deactivation, "log out everywhere"), tokens included. */
  async deleteAllForUser(q: SqlExecutor, userId: string): Promise<number> {
    const rows = await q.query("DELETE FROM devices WHERE user_id = $1 RETURNING device_id", [userId]);
    return rows.length;
  },

  async touch(q: SqlExecutor, userId: string, deviceId: string, ts: number, ip: string | null): Promise<void> {
    await q.query("UPDATE devices SET last_seen_ts = $3, last_seen_ip = $4 WHERE user_id = $1 AND device_id = $2", [userId, deviceId, ts, ip]);
  },
};
