/**
 * Table data_keys: the data-encryption keys (DEKs) of encryption at rest,
 * each stored wrapped by a key-encryption key (KEK) that never enters the
 * database. At most one is active (a partial unique index): it seals new
 * rows; the others stay to open rows sealed under them. Rows are never
 * deleted: events.key_id and account_data.key_id reference them.
 */
import type { SqlExecutor, Transaction } from "../database.js";

export type DataKeyRow = {
  keyId: string;
  /** nonce || XChaCha20-Poly1305(DEK) under KEK `kekId`. */
  wrapped: Uint8Array;
  kekId: string;
  createdTs: number;
  active: boolean;
};

type Raw = { key_id: string; wrapped: Uint8Array; kek_id: string; created_ts: number; active: boolean };

const COLUMNS = "key_id, wrapped, kek_id, created_ts, active";

function fromRaw(r: Raw): DataKeyRow {
  return { keyId: r.key_id, wrapped: r.wrapped, kekId: r.kek_id, createdTs: r.created_ts, active: r.active };
}

export const dataKeysTable = {
  async all(q: SqlExecutor): Promise<DataKeyRow[]> {
    const rows = await q.query<Raw>(`SELECT ${COLUMNS} FROM data_keys ORDER BY created_ts, key_id`);
    return rows.map(fromRaw);
  },

  async activeKeyId(q: SqlExecutor): Promise<string | null> {
    const [row] = await q.query<{ key_id: string }>("SELECT key_id FROM data_keys WHERE active");
    return row?.key_id ?? null;
  },

  /**
   * Serialises changes to the key set across processes (first start,
   * rotation, rewrap) until the transaction ends. Keyed on the schema, so
   * test schemas side by side do not wait for each other.
   */
  async lock(tx: Transaction): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':data_keys', 0))");
  },

  /** Inserts a key; an active one replaces the active one (call under `lock`). */
  async insert(tx: Transaction, row: DataKeyRow): Promise<void> {
    if (row.active) await tx.query("UPDATE data_keys SET active = false WHERE active");
    await tx.query(`INSERT INTO data_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [row.keyId, row.wrapped, row.kekId, row.createdTs, row.active]);
  },

  async rewrap(tx: Transaction, keyId: string, wrapped: Uint8Array, kekId: string): Promise<void> {
    await tx.query("UPDATE data_keys SET wrapped = $2, kek_id = $3 WHERE key_id = $1", [keyId, wrapped, kekId]);
  },
};
