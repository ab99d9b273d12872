/**
 * The database's share of the baseline (only with WARD_BENCH_DATABASE_URL):
 * what one round trip (SELECT 1) and one committed one-row INSERT cost from
 * Node with the `pg` driver Ward uses, one client after another, and how many
 * such inserts 16 clients commit per second. A send that makes N round trips
 * cannot be faster than N of these. Works in a schema of its own, dropped
 * afterwards.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Sizes } from "./options.js";
import { now, round, summarize, type Metrics } from "./stats.js";

export async function runPgBaseline(url: string, sizes: Sizes, runs: number): Promise<Metrics[]> {
  const schema = `ward_bench_${Date.now()}_${process.pid}_${randomBytes(3).toString("hex")}`;
  const pool = new pg.Pool({ connectionString: url, max: sizes.baseline.concurrency, options: `-c search_path=${schema}` });
  try {
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query("CREATE TABLE bench_rows (id bigserial PRIMARY KEY, body text NOT NULL)");
    const out: Metrics[] = [];
    for (let r = 0; r < runs; r++) {
      const roundTrip = await sequential(sizes.baseline.sequential, () => pool.query("SELECT 1"));
      const insert = await sequential(sizes.baseline.sequential, () => pool.query("INSERT INTO bench_rows (body) VALUES ($1)", ["hello"]));
      const perSec = await concurrentInserts(pool, sizes.baseline.concurrency, Math.min(sizes.baseline.seconds, 5));
      out.push({ pgRoundTripMs: roundTrip, pgInsertMs: insert, pgInsertsPerSec: perSec });
    }
    return out;
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await pool.end();
  }
}

async function sequential(count: number, fn: () => Promise<unknown>): Promise<number> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = now();
    await fn();
    latencies.push(now() - t0);
  }
  return summarize(latencies).medianMs;
}

async function concurrentInserts(pool: pg.Pool, clients: number, seconds: number): Promise<number> {
  let done = 0;
  const start = now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (now() < deadline) {
        await pool.query("INSERT INTO bench_rows (body) VALUES ($1)", ["hello"]);
        done++;
      }
    }),
  );
  return round(done / ((now() - start) / 1000), 1);
}
