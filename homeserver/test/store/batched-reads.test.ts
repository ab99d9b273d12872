/**
 * batchedRead: calls made together become one statement, each caller gets
 * its own key's answer, a transaction's reads run alone on its connection,
 * and a failed statement fails every caller that shared it.
 */
import t from "tap";
import { batchedRead } from "../../src/store/batched-reads.js";
import type { SqlExecutor } from "../../src/store/database.js";
import { forEachDatabase } from "../helpers/databases.js";
import { recordStatements } from "../helpers/statements.js";

/** Squares by way of the database, one statement per batch. */
const loadSquares = async (q: SqlExecutor, keys: readonly number[]): Promise<number[]> => {
  const rows = await q.query<{ n: number; sq: number }>(
    "SELECT n, n * n AS sq FROM unnest($1::int[]) WITH ORDINALITY AS k(n, i) ORDER BY i",
    [keys],
  );
  return rows.map((r) => r.sq);
};
const squares = batchedRead(loadSquares);
const squaresPerTurn = batchedRead(loadSquares, { window: "turn" });

await forEachDatabase(t, "calls made together share one statement, each with its own answer", async (t, db) => {
  const { q, count } = recordStatements(db);
  t.same(await Promise.all([1, 2, 3, 2].map((n) => squares(q, n))), [1, 4, 9, 4]);
  t.equal(count("unnest"), 1, "one statement for four calls");

  t.same(await squares(q, 5), 25);
  t.same(await squares(q, 6), 36);
  t.equal(count("unnest"), 3, "calls awaited one after another each go out");
});

await forEachDatabase(t, "with window 'turn', calls from separate callbacks of one turn are gathered", async (t, db) => {
  /** Two separate callbacks in one turn, as two sockets' data would arrive. */
  const fromTwoCallbacks = async (read: typeof squares) => {
    const { q, count } = recordStatements(db);
    const answers: Promise<number>[] = [];
    await new Promise<void>((resolve) => {
      setImmediate(() => answers.push(read(q, 7)));
      setImmediate(() => {
        answers.push(read(q, 8));
        resolve();
      });
    });
    t.same(await Promise.all(answers), [49, 64]);
    return count("unnest");
  };
  t.equal(await fromTwoCallbacks(squaresPerTurn), 1, "one statement for the turn");
  t.equal(await fromTwoCallbacks(squares), 2, "by default, each callback's calls go out when it is done");
});

await forEachDatabase(t, "inside a transaction the read runs at once, on the transaction", async (t, db) => {
  const seen = await db.transaction(async (tx) => {
    const { q, count } = recordStatements(tx);
    await tx.query("CREATE TEMP TABLE batched_probe (n int) ON COMMIT DROP");
    await tx.query("INSERT INTO batched_probe VALUES (3)");
    // Only this transaction can see its temporary table: the read must run on it.
    const probe = batchedRead<number, number>(async (tq, keys) => {
      const rows = await tq.query<{ n: number }>("SELECT n FROM batched_probe");
      return keys.map(() => rows[0]?.n ?? -1);
    });
    const both = await Promise.all([probe(q, 0), probe(q, 1)]);
    return { both, statements: count("batched_probe") };
  });
  t.same(seen.both, [3, 3]);
  t.equal(seen.statements, 2, "one read per call, none gathered");
});

await forEachDatabase(t, "calls with the same identity share the read; later calls read again", async (t, db) => {
  let loads = 0;
  const shared = batchedRead<{ n: number }, number[]>(async (q, keys) => {
    loads += keys.length;
    return Promise.all(keys.map(async (k) => (await q.query<{ v: number }>("SELECT $1::int AS v", [k.n])).map((r) => r.v)));
  }, { identity: (k) => String(k.n) });
  const [a, b, c] = await Promise.all([shared(db, { n: 1 }), shared(db, { n: 1 }), shared(db, { n: 2 })]);
  t.same([a, b, c], [[1], [1], [2]]);
  t.equal(a, b, "the same value, read once");
  t.equal(loads, 2);
  await shared(db, { n: 1 });
  t.equal(loads, 3, "nothing is kept once the read has gone out");
});

await forEachDatabase(t, "a failed statement fails every call in it, and the next batch works", async (t, db) => {
  const strict = batchedRead<string, number>(async (q, keys) => {
    const rows = await q.query<{ n: number }>("SELECT k::int AS n FROM unnest($1::text[]) WITH ORDINALITY AS u(k, i) ORDER BY i", [keys]);
    return rows.map((r) => r.n);
  });
  const results = await Promise.allSettled([strict(db, "1"), strict(db, "not a number")]);
  t.same(results.map((r) => r.status), ["rejected", "rejected"]);
  t.same(await Promise.all([strict(db, "4"), strict(db, "5")]), [4, 5]);
});

t.test("a batch larger than the limit is split", async (t) => {
  const sizes: number[] = [];
  const small = batchedRead<number, number>(async (_q, keys) => {
    sizes.push(keys.length);
    return keys;
  }, { maxBatch: 3 });
  const fake = {} as Parameters<typeof small>[0];
  t.same(await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => small(fake, n))), [1, 2, 3, 4, 5, 6, 7]);
  t.same(sizes, [3, 3, 1]);
});
