/**
 * Walks the chain from seq 1 to the head and reports the first row where it
 * breaks: a row whose hash does not match its fields (changed), a seq that
 * is missing (removed) or out of place, a prev_hash that is not the previous
 * row's hash (reordered or spliced), or a head that does not match the last
 * row (the tail removed).
 *
 * The head is read first and the walk stops there: rows committed during the
 * walk belong to the next verification.
 */
import type { SqlExecutor } from "../../store/database.js";
import { auditLogTable } from "../../store/tables/audit-log.js";
import { auditHashOf, GENESIS_HASH } from "./chain.js";

export type ChainBreak = "hash_mismatch" | "missing_row" | "prev_hash_mismatch" | "head_mismatch";

export type VerifyResult =
  | { ok: true; rows: number }
  | { ok: false; rows: number; firstBrokenSeq: number; reason: ChainBreak };

const PAGE = 1000;

export async function verifyAuditChain(q: SqlExecutor): Promise<VerifyResult> {
  const head = await auditLogTable.head(q);
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  for (;;) {
    const page = await auditLogTable.listOldest(q, { afterSeq: expectedSeq - 1 }, Math.min(PAGE, Math.max(0, head.seq - expectedSeq + 1)));
    if (page.length === 0) break;
    for (const row of page) {
      if (row.seq > head.seq) break;
      if (row.seq !== expectedSeq) return { ok: false, rows, firstBrokenSeq: expectedSeq, reason: "missing_row" };
      if (row.prevHash !== prevHash) return { ok: false, rows, firstBrokenSeq: row.seq, reason: "prev_hash_mismatch" };
      if (auditHashOf(row) !== row.hash) return { ok: false, rows, firstBrokenSeq: row.seq, reason: "hash_mismatch" };
      rows += 1;
      expectedSeq += 1;
      prevHash = row.hash;
    }
  }
  if (expectedSeq - 1 !== head.seq || prevHash !== head.hash) {
    return { ok: false, rows, firstBrokenSeq: expectedSeq, reason: expectedSeq - 1 < head.seq ? "missing_row" : "head_mismatch" };
  }
  return { ok: true, rows };
}
