#!/usr/bin/env node
/**
 * `npm run bench`: starts a Ward homeserver in this process and measures
 * send latency, concurrent send throughput, /sync wake latency, initial
 * /sync, /messages paging and memory (see benchmark.ts and one file per
 * scenario). Performance is measured here, never asserted in tests.
 *
 *   --quick  or WARD_BENCH_QUICK=1      a short smoke run
 *   --json                              one JSON object on stdout instead of the table
 *   WARD_BENCH_DATABASE_URL=postgres://…  Postgres (in a fresh schema, dropped afterwards) instead of PGlite
 *   WARD_BENCH_REDIS_URL=redis://…        the Redis bus instead of the in-process one
 */
import { isEntrypoint } from "../entrypoint.js";
import { runBenchmark } from "./benchmark.js";
import { formatReport } from "./report.js";

export { runBenchmark, type BenchmarkResults } from "./benchmark.js";
export type { BenchmarkOptions } from "./options.js";

const USAGE = "usage: node dist/bench/run.js [--quick] [--json]";

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const unknown = argv.filter((a) => a !== "--quick" && a !== "--json");
  if (unknown.length > 0 || argv.includes("--help")) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(unknown.includes("--help") ? 0 : 2);
  }
  const json = argv.includes("--json");
  const quick = argv.includes("--quick") || (env.WARD_BENCH_QUICK !== undefined && !["", "0", "false"].includes(env.WARD_BENCH_QUICK));
  const results = await runBenchmark({
    quick,
    databaseUrl: env.WARD_BENCH_DATABASE_URL || undefined,
    redisUrl: env.WARD_BENCH_REDIS_URL || undefined,
    progress: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  process.stdout.write(json ? `${JSON.stringify(results, null, 2)}\n` : `${formatReport(results)}\n`);
}

if (isEntrypoint(import.meta.url)) {
  main(process.argv.slice(2), process.env).then(
    // Keep-alive sockets and timers would hold the process open a little; the work is done.
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
