#!/usr/bin/env node
/**
 * `npm run bench`: starts a fresh Ward homeserver (and a bare Koa baseline)
 * as child processes, drives them over HTTP from this process, prints a
 * table and writes the JSON (issue 9). Performance is measured here, never
 * asserted in tests.
 *
 *   --quick (or WARD_BENCH_QUICK=1)   a smoke run of a few seconds per scenario
 *   --out FILE                        where the JSON goes (default homeserver/bench/results/latest.json)
 *   --only a,b                        only these scenarios (memory is always measured)
 *   --compare FILE                    an earlier run's JSON: adds send-conc scaling against it
 *   WARD_BENCH_DATABASE_URL=postgres://…  Postgres (a fresh schema, dropped afterwards) instead of PGlite
 *   WARD_BENCH_REDIS_URL=redis://…        the Redis bus instead of the in-process one
 *   WARD_BENCH_PROCESSES=2                two homeserver processes on that database and bus
 *   WARD_BENCH_CPU_PROF=DIR               the servers run under `node --cpu-prof`, profiles in DIR
 *   WARD_BENCH_LOG_LEVEL=warn             the servers' log level (default info, as an operator runs it)
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isEntrypoint } from "../entrypoint.js";
import { runBenchmark, type BenchmarkResults } from "./benchmark.js";
import { SCENARIOS, type ScenarioName } from "./options.js";
import { buildRows, formatReport, type ReportRow } from "./report.js";

export { runBenchmark, type BenchmarkResults } from "./benchmark.js";
export type { BenchmarkOptions } from "./options.js";

export const DEFAULT_OUT = fileURLToPath(new URL("../../bench/results/latest.json", import.meta.url));

const USAGE = `usage: npm run bench -- [--quick] [--out FILE] [--only ${SCENARIOS.join(",")}] [--compare FILE]`;

type Cli = { quick: boolean; out: string; only?: ScenarioName[]; compare?: string };

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Cli {
  const cli: Cli = { quick: env.WARD_BENCH_QUICK !== undefined && !["", "0", "false"].includes(env.WARD_BENCH_QUICK), out: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i] ?? usage(`${arg} needs a value`);
    if (arg === "--quick") cli.quick = true;
    else if (arg === "--out") cli.out = resolve(value());
    else if (arg === "--compare") cli.compare = resolve(value());
    else if (arg === "--only") {
      const names = value().split(",");
      const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
      if (unknown.length > 0) usage(`unknown scenario ${unknown.join(", ")}`);
      cli.only = names as ScenarioName[];
    } else if (arg === "--help") usage(undefined);
    else usage(`unknown argument ${arg}`);
  }
  return cli;
}

function usage(problem: string | undefined): never {
  process.stderr.write(`${problem ? `bench: ${problem}\n` : ""}${USAGE}\n`);
  process.exit(problem ? 2 : 0);
}

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const cli = parseArgs(argv, env);
  const processes = Number(env.WARD_BENCH_PROCESSES || 1);
  if (!Number.isInteger(processes) || processes < 1) usage(`WARD_BENCH_PROCESSES must be a positive integer, got '${env.WARD_BENCH_PROCESSES}'`);
  const compare = cli.compare ? (JSON.parse(await readFile(cli.compare, "utf8")) as BenchmarkResults) : undefined;
  const results = await runBenchmark({
    quick: cli.quick,
    databaseUrl: env.WARD_BENCH_DATABASE_URL || undefined,
    redisUrl: env.WARD_BENCH_REDIS_URL || undefined,
    processes,
    logLevel: env.WARD_BENCH_LOG_LEVEL || "info",
    cpuProfDir: env.WARD_BENCH_CPU_PROF || undefined,
    ...(cli.only ? { only: cli.only } : {}),
    onScenario: (partial) => writeResults(cli.out, partial, buildRows(partial, compare)),
    progress: (line) => process.stderr.write(`bench [${((performance.now() - started) / 1000).toFixed(1)} s]: ${line}\n`),
  });
  const rows = buildRows(results, compare);
  await writeResults(cli.out, results, rows);
  process.stdout.write(`${formatReport(results, rows)}\n\nJSON: ${cli.out}\n`);
  const failed = Object.values(results.scenarios).filter((s) => s.status === "failed");
  for (const f of failed) process.stderr.write(`bench: ${f.name} failed: ${f.status === "failed" ? f.reason : ""}\n`);
  return failed.length > 0 ? 1 : 0;
}

export async function writeResults(path: string, results: BenchmarkResults, rows: readonly ReportRow[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify({ ...results, rows }, null, 2)}\n`);
}

if (isEntrypoint(import.meta.url)) {
  main(process.argv.slice(2), process.env).then(
    // Keep-alive sockets and timers could hold the process open a little; the work is done.
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
