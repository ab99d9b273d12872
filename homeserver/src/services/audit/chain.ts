/**
 * The hash chain: each row's hash is SHA-256 over the canonical JSON of its
 * fields (snake_case, as exported) including the previous row's hash. The
 * first row's predecessor is GENESIS_HASH. Changing any field of a row, or
 * removing or reordering rows, breaks the chain at that row.
 */
import { canonicalJson, sha256, type wardAudit } from "@ward/protocol";
import type { AuditRow } from "../../store/tables/audit-log.js";

export const GENESIS_HASH = "0".repeat(64);

/** The row in its exported form (JSON lines, the admin API): every stored field, snake_case. */
export type AuditRecordJson = wardAudit.AuditRecord;

export function auditRecordJson(row: AuditRow): AuditRecordJson {
  return {
    seq: row.seq, ts: row.ts, actor: row.actor, device_id: row.deviceId, address: row.address, action: row.action,
    room_id: row.roomId, event_id: row.eventId, target_user: row.targetUser, target_device: row.targetDevice, stream_from: row.streamFrom, stream_to: row.streamTo,
    endpoint: row.endpoint, outcome: row.outcome, errcode: row.errcode, prev_hash: row.prevHash, hash: row.hash,
  };
}

/** The hash a row must carry, from every other field (prev_hash included). */
export function auditHashOf(row: Omit<AuditRow, "hash">): string {
  const { hash: _ignored, ...fields } = auditRecordJson({ ...row, hash: "" });
  return Buffer.from(sha256(canonicalJson(fields))).toString("hex");
}

/** Numbers the rows after `head` and links each to the one before. */
export function chainRows(head: { seq: number; hash: string }, rows: ReadonlyArray<Omit<AuditRow, "seq" | "prevHash" | "hash">>): AuditRow[] {
  let { seq, hash } = head;
  return rows.map((row) => {
    seq += 1;
    const linked = { ...row, seq, prevHash: hash };
    hash = auditHashOf(linked);
    return { ...linked, hash };
  });
}
