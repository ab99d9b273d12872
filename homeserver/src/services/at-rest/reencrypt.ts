/**
 * Re-encryption after a data key rotation, and of plaintext rows written
 * before encryption at rest: every events and account_data row not sealed
 * under the active data key is opened and sealed again under it.
 *
 * Built to run beside serving processes (the `at-rest reencrypt` command):
 * small batches, each its own short transaction; a row is only replaced if
 * it is still under the key it was read under (compare-and-set), so a
 * concurrent writer or a second re-encryption is never overwritten. It is
 * idempotent (rows under the active key are skipped) and resumable: run it
 * again after an interruption and it carries on with what is left.
 *
 * A row that does not open (altered, moved) is not re-sealed: there is no
 * right plaintext to seal. It is counted and named, and the run goes on.
 */
import { SealedDataError } from "../../crypto/at-rest.js";
import type { Database } from "../../store/database.js";
import { accountDataTable, type AccountDataKey } from "../../store/tables/account-data.js";
import { dataKeysTable } from "../../store/tables/data-keys.js";
import { eventsTable } from "../../store/tables/events.js";
import { resealedPdu } from "../rooms/stored-events.js";

export type ReencryptOptions = {
  /** Rows per transaction (default 200): small enough that writers never wait long on PGlite. */
  batchSize?: number;
  /** Pause between batches (ms), to leave the database to the serving processes. */
  pauseMs?: number;
  /** Called after every batch. */
  onProgress?: (progress: ReencryptResult) => void;
  signal?: AbortSignal;
};

export type ReencryptResult = {
  /** Rows sealed under the active key by this run, per table. */
  events: number;
  accountData: number;
  /** Rows that changed under us (written or re-encrypted meanwhile): nothing to do for them. */
  raced: number;
  /** Rows that failed to open: left as they are, for the operator to look at. */
  unreadable: string[];
};

export async function reencryptAll(db: Database, options: ReencryptOptions = {}): Promise<ReencryptResult> {
  const batchSize = options.batchSize ?? 200;
  const result: ReencryptResult = { events: 0, accountData: 0, raced: 0, unreadable: [] };
  const between = async () => {
    options.onProgress?.(result);
    options.signal?.throwIfAborted();
    if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    // A rotation while this runs: later batches move rows to the newest key.
    await db.atRest.refresh(db);
  };

  await db.atRest.refresh(db);
  let afterPos = 0;
  for (;;) {
    const seen = await db.transaction(async (tx) => {
      const rows = await eventsTable.notSealedUnder(tx, tx.atRest.activeKeyId, afterPos, batchSize);
      for (const row of rows) {
        afterPos = row.streamPos;
        const sealed = await openOrNote(() => resealedPdu(tx, row), `event ${row.eventId}`, result);
        if (!sealed) continue;
        if (await eventsTable.reseal(tx, row.eventId, row.pdu.keyId, sealed)) result.events++;
        else result.raced++;
      }
      return rows.length;
    });
    await between();
    if (seen < batchSize) break;
  }

  let afterKey: AccountDataKey | null = null;
  for (;;) {
    const seen = await db.transaction(async (tx) => {
      const rows = await accountDataTable.notSealedUnder(tx, tx.atRest.activeKeyId, afterKey, batchSize);
      for (const row of rows) {
        afterKey = row;
        const what = `account data ${row.type} of ${row.userId}${row.roomId ? ` in ${row.roomId}` : ""}`;
        const moved = await openOrNote(() => accountDataTable.reseal(tx, row), what, result);
        if (moved === true) result.accountData++;
        else if (moved === false) result.raced++;
      }
      return rows.length;
    });
    await between();
    if (seen < batchSize) break;
  }
  return result;
}

async function openOrNote<T>(fn: () => T | Promise<T>, what: string, result: ReencryptResult): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof SealedDataError)) throw err;
    result.unreadable.push(what);
    return undefined;
  }
}

export type AtRestStatus = {
  activeKeyId: string;
  keys: Array<{ keyId: string; kekId: string; createdTs: number; active: boolean }>;
  /** Rows per data key ("plaintext": from before encryption at rest). */
  events: Record<string, number>;
  accountData: Record<string, number>;
};

/** Which data keys exist and how many rows each seals. Counting is a full scan of both tables. */
export async function atRestStatus(db: Database): Promise<AtRestStatus> {
  await db.atRest.refresh(db);
  const keys = (await dataKeysTable.all(db)).map(({ keyId, kekId, createdTs, active }) => ({ keyId, kekId, createdTs, active }));
  const named = (counts: Map<string | null, number>) => Object.fromEntries([...counts].map(([k, n]) => [k ?? "plaintext", n]));
  return {
    activeKeyId: db.atRest.activeKeyId,
    keys,
    events: named(await eventsTable.countByKey(db)),
    accountData: named(await accountDataTable.countByKey(db)),
  };
}
