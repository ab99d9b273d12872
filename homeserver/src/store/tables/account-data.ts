/**
 * Table account_data: per-user key/value data, global (room_id '') or per
 * room. Each write takes a stream position so /sync delivers changes since
 * a token. Content is sealed at rest here, with the user, room and type as
 * associated data (a ciphertext copied to another row does not open), so
 * callers read and write plain JSON text. Rows from before encryption at
 * rest hold plaintext `content` (key_id NULL) until re-encrypted.
 */
import type { StoredBody } from "../../crypto/at-rest.js";
import type { SqlExecutor } from "../database.js";

/** room_id value meaning "global account data". */
export const GLOBAL_ACCOUNT_DATA = "";

export type AccountDataRow = {
  userId: string;
  /** "" for global account data. */
  roomId: string;
  type: string;
  /** JSON text, opened. */
  content: string;
  streamPos: number;
};

export type AccountDataKey = { userId: string; roomId: string; type: string };

/** A row as stored, for re-encryption. */
export type StoredAccountData = AccountDataKey & { streamPos: number; stored: StoredBody };

type Raw = { user_id: string; room_id: string; type: string; content: string | null; sealed_content: Uint8Array | null; key_id: string | null; stream_pos: number };

const COLUMNS = "user_id, room_id, type, content, sealed_content, key_id, stream_pos";

const contextOf = (r: AccountDataKey) => ["account_data", r.userId, r.roomId, r.type];

async function openRows(q: SqlExecutor, raws: readonly Raw[]): Promise<AccountDataRow[]> {
  await q.atRest.knowKeys(q, raws.map((r) => r.key_id));
  return raws.map((r) => {
    const where = { userId: r.user_id, roomId: r.room_id, type: r.type };
    const stored = { keyId: r.key_id, sealed: r.sealed_content, plain: r.content };
    const content = q.atRest.open(stored, contextOf(where), `account data ${r.type} of ${r.user_id}`);
    return { ...where, content, streamPos: r.stream_pos };
  });
}

export const accountDataTable = {
  /** `streamPos` comes from allocateStreamPositions in the same transaction. */
  async upsert(q: SqlExecutor, row: AccountDataRow): Promise<void> {
    const { keyId, sealed } = q.atRest.seal(row.content, contextOf(row));
    await q.query(
      `INSERT INTO account_data (user_id, room_id, type, content, sealed_content, key_id, stream_pos) VALUES ($1, $2, $3, NULL, $4, $5, $6)
       ON CONFLICT (user_id, room_id, type) DO UPDATE
       SET content = NULL, sealed_content = EXCLUDED.sealed_content, key_id = EXCLUDED.key_id, stream_pos = EXCLUDED.stream_pos`,
      [row.userId, row.roomId, row.type, sealed, keyId, row.streamPos],
    );
  },

  async get(q: SqlExecutor, userId: string, roomId: string, type: string): Promise<AccountDataRow | null> {
    const rows = await q.query<Raw>(`SELECT ${COLUMNS} FROM account_data WHERE user_id = $1 AND room_id = $2 AND type = $3`, [userId, roomId, type]);
    return (await openRows(q, rows))[0] ?? null;
  },

  /** Rows written with since < position ≤ upto, oldest first (since = 0: everything, for an initial sync). */
  async changedBetween(q: SqlExecutor, userId: string, since: number, upto: number): Promise<AccountDataRow[]> {
    const rows = await q.query<Raw>(
      `SELECT ${COLUMNS} FROM account_data WHERE user_id = $1 AND stream_pos > $2 AND stream_pos <= $3 ORDER BY stream_pos`,
      [userId, since, upto],
    );
    return openRows(q, rows);
  },

  /** For re-encryption: rows after `after` (primary key order) not sealed under `keyId`, plaintext rows too, not opened. */
  async notSealedUnder(q: SqlExecutor, keyId: string, after: AccountDataKey | null, limit: number): Promise<StoredAccountData[]> {
    const rows = await q.query<Raw>(
      `SELECT ${COLUMNS} FROM account_data
       WHERE ($2::text IS NULL OR (user_id, room_id, type) > ($2, $3, $4)) AND key_id IS DISTINCT FROM $1
       ORDER BY user_id, room_id, type LIMIT $5`,
      [keyId, after?.userId ?? null, after?.roomId ?? null, after?.type ?? null, limit],
    );
    await q.atRest.knowKeys(q, rows.map((r) => r.key_id));
    return rows.map((r) => ({
      userId: r.user_id,
      roomId: r.room_id,
      type: r.type,
      streamPos: r.stream_pos,
      stored: { keyId: r.key_id, sealed: r.sealed_content, plain: r.content },
    }));
  },

  /**
   * Seals the row again under the active data key, unless it was written
   * meanwhile (its key or position moved). Throws SealedDataError when the
   * stored content does not open.
   */
  async reseal(q: SqlExecutor, row: StoredAccountData): Promise<boolean> {
    const content = q.atRest.open(row.stored, contextOf(row), `account data ${row.type} of ${row.userId}`);
    const to = q.atRest.seal(content, contextOf(row));
    const rows = await q.query(
      `UPDATE account_data SET content = NULL, sealed_content = $5, key_id = $6
       WHERE user_id = $1 AND room_id = $2 AND type = $3 AND stream_pos = $4 AND key_id IS NOT DISTINCT FROM $7 RETURNING type`,
      [row.userId, row.roomId, row.type, row.streamPos, to.sealed, to.keyId, row.stored.keyId],
    );
    return rows.length === 1;
  },

  /** Rows per data key; null: plaintext from before encryption at rest. */
  async countByKey(q: SqlExecutor): Promise<Map<string | null, number>> {
    const rows = await q.query<{ key_id: string | null; n: number }>("SELECT key_id, count(*)::int8 AS n FROM account_data GROUP BY key_id");
    return new Map(rows.map((r) => [r.key_id, r.n]));
  },
};
