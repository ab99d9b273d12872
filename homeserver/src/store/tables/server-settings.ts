/**
 * Table server_settings: organisation settings an admin changes at run time
 * (the idle timeout), one JSON value per name, shared by every process.
 */
import type { SqlExecutor } from "../database.js";

export type SettingRow = { name: string; value: unknown; updatedTs: number; updatedBy: string | null };

type Raw = { name: string; value: string; updated_ts: number; updated_by: string | null };

export const serverSettingsTable = {
  async get(q: SqlExecutor, name: string): Promise<SettingRow | null> {
    const [row] = await q.query<Raw>("SELECT name, value, updated_ts, updated_by FROM server_settings WHERE name = $1", [name]);
    return row ? { name: row.name, value: JSON.parse(row.value) as unknown, updatedTs: row.updated_ts, updatedBy: row.updated_by } : null;
  },

  async put(q: SqlExecutor, row: SettingRow): Promise<void> {
    await q.query(
      `INSERT INTO server_settings (name, value, updated_ts, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_ts = EXCLUDED.updated_ts, updated_by = EXCLUDED.updated_by`,
      [row.name, JSON.stringify(row.value), row.updatedTs, row.updatedBy],
    );
  },
};
