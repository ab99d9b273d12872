/**
 * Tables audit_log and audit_head (migration 010). Rows are only ever
 * inserted; the chain's hashes are computed by services/audit/chain.ts.
 */
import type { SqlExecutor, Transaction } from "../database.js";

export type AuditOutcome = "ok" | "denied" | "failed";

/** One row as stored; every field but `hash` is covered by the hash. */
export type AuditRow = {
  seq: number;
  ts: number;
  actor: string | null;
  deviceId: string | null;
  address: string | null;
  action: string;
  roomId: string | null;
  eventId: string | null;
  targetUser: string | null;
  targetDevice: string | null;
  streamFrom: number | null;
  streamTo: number | null;
  endpoint: string | null;
  outcome: AuditOutcome;
  errcode: string | null;
  prevHash: string;
  hash: string;
};

export type AuditHead = { seq: number; hash: string };

/** Query filters (all optional, combined with AND). `beforeSeq` pages newest-first, `afterSeq` oldest-first. */
export type AuditFilter = {
  actor?: string | undefined;
  roomId?: string | undefined;
  action?: string | undefined;
  fromTs?: number | undefined;
  toTs?: number | undefined;
  beforeSeq?: number | undefined;
  afterSeq?: number | undefined;
};

const COLUMNS = [
  "seq", "ts", "actor", "device_id", "address", "action", "room_id", "event_id", "target_user", "target_device",
  "stream_from", "stream_to", "endpoint", "outcome", "errcode", "prev_hash", "hash",
] as const;

type Raw = {
  seq: number; ts: number; actor: string | null; device_id: string | null; address: string | null; action: string;
  room_id: string | null; event_id: string | null; target_user: string | null; target_device: string | null; stream_from: number | null;
  stream_to: number | null; endpoint: string | null; outcome: AuditOutcome; errcode: string | null; prev_hash: string; hash: string;
};

function fromRaw(r: Raw): AuditRow {
  return {
    seq: r.seq, ts: r.ts, actor: r.actor, deviceId: r.device_id, address: r.address, action: r.action,
    roomId: r.room_id, eventId: r.event_id, targetUser: r.target_user, targetDevice: r.target_device, streamFrom: r.stream_from, streamTo: r.stream_to,
    endpoint: r.endpoint, outcome: r.outcome, errcode: r.errcode, prevHash: r.prev_hash, hash: r.hash,
  };
}

function valuesOf(r: AuditRow): unknown[] {
  return [
    r.seq, r.ts, r.actor, r.deviceId, r.address, r.action, r.roomId, r.eventId, r.targetUser, r.targetDevice,
    r.streamFrom, r.streamTo, r.endpoint, r.outcome, r.errcode, r.prevHash, r.hash,
  ];
}

function whereOf(filter: AuditFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace("?", `$${params.length}`));
  };
  if (filter.actor !== undefined) add("actor = ?", filter.actor);
  if (filter.roomId !== undefined) add("room_id = ?", filter.roomId);
  if (filter.action !== undefined) add("action = ?", filter.action);
  if (filter.fromTs !== undefined) add("ts >= ?", filter.fromTs);
  if (filter.toTs !== undefined) add("ts <= ?", filter.toTs);
  if (filter.beforeSeq !== undefined) add("seq < ?", filter.beforeSeq);
  if (filter.afterSeq !== undefined) add("seq > ?", filter.afterSeq);
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

const COLUMN_TYPES: Record<(typeof COLUMNS)[number], string> = {
  seq: "bigint", ts: "bigint", actor: "text", device_id: "text", address: "text", action: "text", room_id: "text", event_id: "text",
  target_user: "text", target_device: "text", stream_from: "bigint", stream_to: "bigint", endpoint: "text", outcome: "text", errcode: "text",
  prev_hash: "text", hash: "text",
};

/** One array parameter per column ($5…), so the text is the same for any number of rows. */
const APPEND_IF_HEAD = /* sql */ `
WITH head AS (
  UPDATE audit_head SET seq = $3, hash = $4 WHERE id = 1 AND seq = $1 AND hash = $2 RETURNING 1
)
INSERT INTO audit_log (${COLUMNS.join(", ")})
SELECT * FROM unnest(${COLUMNS.map((column, i) => `$${i + 5}::${COLUMN_TYPES[column]}[]`).join(", ")})
WHERE EXISTS (SELECT 1 FROM head)
RETURNING seq`;

export const auditLogTable = {
  /** Locks the chain head until the transaction ends: take it last, after room locks and stream positions. */
  async lockHead(tx: Transaction): Promise<AuditHead> {
    const [row] = await tx.query<AuditHead>("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
    if (!row) throw new Error("audit_head has no row: the schema is not migrated");
    return row;
  },

  async head(q: SqlExecutor): Promise<AuditHead> {
    const [row] = await q.query<AuditHead>("SELECT seq, hash FROM audit_head WHERE id = 1");
    if (!row) throw new Error("audit_head has no row: the schema is not migrated");
    return row;
  },

  /**
   * appendAfter in one statement when `expected` is still the head: moves
   * the head (taking its row lock, as lockHead would) and inserts the rows,
   * or, when the head has moved on, changes nothing and returns false.
   * The rows must be chained after `expected`.
   */
  async appendIfHead(tx: Transaction, expected: AuditHead, rows: readonly AuditRow[]): Promise<boolean> {
    const last = rows[rows.length - 1];
    if (!last) return true;
    const values = rows.map(valuesOf);
    const columns = COLUMNS.map((_, i) => values.map((v) => v[i]));
    const inserted = await tx.query<{ seq: number }>(APPEND_IF_HEAD, [expected.seq, expected.hash, last.seq, last.hash, ...columns], { prepare: true });
    return inserted.length === rows.length;
  },

  /** Inserts the rows and moves the head to the last of them, in one statement. */
  async append(tx: Transaction, rows: readonly AuditRow[]): Promise<void> {
    const last = rows[rows.length - 1];
    if (!last) return;
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const values = valuesOf(row);
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, i) => `$${start + i + 1}`).join(", ")})`;
    });
    params.push(last.seq, last.hash);
    const n = params.length;
    await tx.query(
      `WITH inserted AS (INSERT INTO audit_log (${COLUMNS.join(", ")}) VALUES ${tuples.join(", ")} RETURNING 1)
       UPDATE audit_head SET seq = $${n - 1}, hash = $${n} WHERE id = 1`,
      params,
    );
  },

  /** Newest first. */
  async listNewest(q: SqlExecutor, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
    const where = whereOf(filter);
    const rows = await q.query<Raw>(`SELECT ${COLUMNS.join(", ")} FROM audit_log ${where.sql} ORDER BY seq DESC LIMIT ${Math.trunc(limit)}`, where.params);
    return rows.map(fromRaw);
  },

  /** Oldest first: for verification and export, page by `afterSeq`. */
  async listOldest(q: SqlExecutor, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
    const where = whereOf(filter);
    const rows = await q.query<Raw>(`SELECT ${COLUMNS.join(", ")} FROM audit_log ${where.sql} ORDER BY seq ASC LIMIT ${Math.trunc(limit)}`, where.params);
    return rows.map(fromRaw);
  },
};
