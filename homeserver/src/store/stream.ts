/**
 * The global stream: every row /sync delivers (events, account data, later
 * receipts…) carries a position from the single row of stream_head.
 *
 * Why not a sequence: sequence values are handed out before commit and
 * commits land out of order, so a reader could see 6 while 5 is still
 * committing and skip 5 forever. Instead a writer bumps stream_head inside
 * its transaction, as the LAST step before the inserts that use the
 * position. The row lock then serialises writers from that UPDATE to their
 * COMMIT, so positions commit in order, and the committed value of
 * stream_head is a position below which everything has committed — for
 * every process sharing the database.
 *
 * Lock order: take room locks (locks.ts) BEFORE allocating positions; the
 * reverse order could deadlock against another writer.
 */
import type { SqlExecutor, Transaction } from "./database.js";

/** Reserves `count` consecutive positions and returns the first. Hold the transaction briefly after this. */
export async function allocateStreamPositions(tx: Transaction, count = 1): Promise<number> {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError("count must be a positive integer");
  const [row] = await tx.query<{ position: number }>(
    "UPDATE stream_head SET position = position + $1 WHERE id = 1 RETURNING position",
    [count],
    { prepare: true },
  );
  if (!row) throw new Error("stream_head has no row: the schema is not migrated");
  return row.position - count + 1;
}

/**
 * Everything at or below this position has committed. Read it OUTSIDE a
 * transaction (or as the first statement of one): the read then sees every
 * commit up to the head it returns.
 */
export async function currentStreamPosition(q: SqlExecutor): Promise<number> {
  const [row] = await q.query<{ position: number }>("SELECT position FROM stream_head WHERE id = 1", [], { prepare: true });
  if (!row) throw new Error("stream_head has no row: the schema is not migrated");
  return row.position;
}
