/**
 * Writing audit rows inside the transaction of the act they record: if the
 * row cannot be written, the transaction (and so the act) fails.
 *
 * Call appendAudit as the LAST step of the transaction: it locks the chain
 * head (audit_head) until COMMIT, after any room locks and stream positions
 * the transaction holds, so it never waits on a lock while holding the head
 * (no deadlock) and holds the head as briefly as possible.
 */
import type { Transaction } from "../../store/database.js";
import { auditLogTable, type AuditHead, type AuditOutcome, type AuditRow } from "../../store/tables/audit-log.js";
import type { AuditAction } from "./actions.js";
import { chainRows } from "./chain.js";
import { currentAuditScope } from "./scope.js";

/** What a service says about an act; unset actor, device, address and endpoint come from the request's scope. */
export type AuditEntry = {
  readonly action: AuditAction;
  readonly actor?: string | null | undefined;
  readonly deviceId?: string | null | undefined;
  readonly address?: string | null | undefined;
  readonly endpoint?: string | null | undefined;
  readonly roomId?: string | null | undefined;
  readonly eventId?: string | null | undefined;
  readonly targetUser?: string | null | undefined;
  readonly targetDevice?: string | null | undefined;
  readonly streamFrom?: number | null | undefined;
  readonly streamTo?: number | null | undefined;
  readonly outcome?: AuditOutcome | undefined;
  readonly errcode?: string | null | undefined;
};

export type UnchainedAuditRow = Omit<AuditRow, "seq" | "prevHash" | "hash">;

/** The entry as a row, filled from the request's scope; call it where the act happens (the scope is async-local). */
export function resolveAuditEntry(entry: AuditEntry, ts: number): UnchainedAuditRow {
  const scope = currentAuditScope();
  const actor = entry.actor !== undefined ? entry.actor : scope.actor;
  // The request's device belongs to the request's caller; an act on someone else's behalf has none.
  const deviceId = entry.deviceId !== undefined ? entry.deviceId : actor === scope.actor ? scope.deviceId : null;
  return {
    ts,
    actor,
    deviceId,
    address: entry.address !== undefined ? entry.address : scope.address,
    action: entry.action,
    roomId: entry.roomId ?? null,
    eventId: entry.eventId ?? null,
    targetUser: entry.targetUser ?? null,
    targetDevice: entry.targetDevice ?? null,
    streamFrom: entry.streamFrom ?? null,
    streamTo: entry.streamTo ?? null,
    endpoint: entry.endpoint !== undefined ? entry.endpoint : scope.endpoint,
    outcome: entry.outcome ?? "ok",
    errcode: entry.errcode ?? null,
  };
}

/**
 * The head as this process last left it. Usually it is still the head (one
 * append at a time), and the rows go in with one statement that checks so
 * (auditLogTable.appendIfHead); when another transaction or process moved
 * the head, or the transaction that set this one rolled back, the check
 * fails, changes nothing, and the head is read and locked as before. So a
 * wrong guess costs one round trip and never a broken chain.
 */
let lastHead: AuditHead | undefined;
/** Appends under way in this process: while one is, guessing would mostly guess wrong. */
let appending = 0;

/** Chains and inserts rows already resolved; the last step of `tx`. */
export async function appendAuditRows(tx: Transaction, rows: readonly UnchainedAuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  appending++;
  try {
    const guess = appending === 1 ? lastHead : undefined;
    if (guess) {
      const chained = chainRows(guess, rows);
      if (await auditLogTable.appendIfHead(tx, guess, chained)) return void (lastHead = headOf(chained));
    }
    const chained = chainRows(await auditLogTable.lockHead(tx), rows);
    await auditLogTable.append(tx, chained);
    lastHead = headOf(chained);
  } finally {
    appending--;
  }
}

function headOf(rows: readonly AuditRow[]): AuditHead {
  const last = rows[rows.length - 1] as AuditRow;
  return { seq: last.seq, hash: last.hash };
}

/** Records `entries` in `tx`, stamped `now` (the service's ctx.clock()); the last step of `tx`. */
export async function appendAudit(tx: Transaction, now: number, entries: readonly AuditEntry[]): Promise<void> {
  await appendAuditRows(tx, entries.map((entry) => resolveAuditEntry(entry, now)));
}
