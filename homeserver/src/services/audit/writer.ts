/**
 * Group commit for audit rows that have no transaction of their own (history
 * reads, denials). A read must be recorded before its response leaves, but a
 * transaction per read would serialise every /sync on the chain head. The
 * writer instead writes what has piled up in ONE transaction, and resolves
 * each waiting request when that transaction commits — or rejects them all
 * when it fails, so the requests fail rather than go unrecorded.
 *
 * One flush runs at a time; records arriving meanwhile form the next batch,
 * so batches grow with the load by themselves. A record arriving while no
 * flush runs is written at the next turn of the event loop (by default: a
 * fixed wait, which this once was at 2 ms, only delayed every lone read by
 * that much; measured in homeserver/bench/RESULTS.md).
 */
import type { Database } from "../../store/database.js";
import type { Clock } from "../context.js";
import { appendAuditRows, resolveAuditEntry, type AuditEntry, type UnchainedAuditRow } from "./record.js";

export type AuditWriterOptions = {
  /** How long the first record of a batch waits for company (real time); 0 (the default): the next turn of the event loop. */
  maxDelayMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
};

export interface AuditWriter {
  /** Resolves once the rows are committed; rejects when they could not be. Stamps and scopes them now. */
  record(entries: readonly AuditEntry[]): Promise<void>;
  /** Writes what is pending; further records are refused. */
  close(): Promise<void>;
}

type Waiting = { rows: UnchainedAuditRow[]; resolve: () => void; reject: (err: unknown) => void };

export function createAuditWriter(deps: { db: Database; clock: Clock }, options: AuditWriterOptions = {}): AuditWriter {
  const maxDelayMs = options.maxDelayMs ?? 0;
  const maxBatch = options.maxBatch ?? 256;
  let pending: Waiting[] = [];
  let pendingRows = 0;
  let cancelTimer: (() => void) | undefined;
  let flushing: Promise<void> | undefined;
  let closed = false;

  const schedule = (): void => {
    if (flushing) return; // the running flush picks the batch up when it ends
    if (pendingRows >= maxBatch) {
      flushing = flush();
      return;
    }
    if (cancelTimer) return;
    const fire = () => {
      cancelTimer = undefined;
      if (!flushing) flushing = flush();
    };
    if (maxDelayMs > 0) {
      const timer = setTimeout(fire, maxDelayMs);
      cancelTimer = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(fire);
      cancelTimer = () => clearImmediate(immediate);
    }
  };

  async function flush(): Promise<void> {
    cancelTimer?.();
    cancelTimer = undefined;
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      pendingRows = 0;
      try {
        await deps.db.transaction((tx) => appendAuditRows(tx, batch.flatMap((w) => w.rows)));
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    flushing = undefined;
  }

  return {
    record(entries) {
      if (closed) return Promise.reject(new Error("the audit writer is closed"));
      if (entries.length === 0) return Promise.resolve();
      const now = deps.clock();
      const rows = entries.map((entry) => resolveAuditEntry(entry, now));
      return new Promise<void>((resolve, reject) => {
        pending.push({ rows, resolve, reject });
        pendingRows += rows.length;
        schedule();
      });
    },

    async close() {
      closed = true;
      if (flushing) await flushing;
      if (pending.length > 0) await (flushing = flush());
    },
  };
}
