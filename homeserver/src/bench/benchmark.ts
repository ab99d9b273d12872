/**
 * The benchmark as a function: the baselines first (bare Koa in its own
 * process, and Postgres round trips when there is a database), then Ward's homeserver process(es), driven over the
 * Client-Server API from this process, scenario by scenario. A scenario
 * that fails is reported as failed and the others still run. The CLI
 * (run.ts) prints and writes the results; the smoke test calls this.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { runBaseline } from "./baseline.js";
import { runPgBaseline } from "./pg-baseline.js";
import { fanOut } from "./fan-out.js";
import { HttpEndpoint } from "./http.js";
import { initialSync } from "./initial-sync.js";
import { media } from "./media.js";
import { FULL, QUICK, SCENARIOS, type BenchmarkOptions, type ScenarioName } from "./options.js";
import { cpuPercent, rssBytes, waitQuiet, type Usage } from "./proc.js";
import { UsageMeter, userFactory, type BenchContext, type Scenario, type ScenarioOutcome, type ScenarioResult } from "./scenario.js";
import { sendConc } from "./send-conc.js";
import { sendSeq } from "./send-seq.js";
import { medianOfRuns, sleep, type Metrics } from "./stats.js";
import { syncDelivery } from "./sync-delivery.js";
import { PASSWORD_HASHING_NOTE, startWard } from "./ward-servers.js";

export type FailedScenario = { name: ScenarioName; status: "failed"; reason: string };

export type BenchmarkResults = {
  date: string;
  quick: boolean;
  machine: { cores: number; cpuModel: string; memoryBytes: number; node: string; loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  backend: { database: "pglite" | "postgres"; bus: "memory" | "redis"; processes: number; logLevel: string; passwordHashing: string };
  scenarios: Partial<Record<ScenarioName, ScenarioResult | FailedScenario>>;
};

/** When the harness used more than this much of a core, its numbers may show the harness's limit, not the server's. */
export const HARNESS_SATURATED_PERCENT = 85;

const WARD_SCENARIOS: ReadonlyArray<[ScenarioName, Scenario]> = [
  ["send-seq", sendSeq],
  ["send-conc", sendConc],
  ["sync-delivery", syncDelivery],
  ["initial-sync", initialSync],
  ["media", media],
  // Last: with 1,000 users it is by far the longest, and the others' numbers are saved before it starts.
  ["fan-out", fanOut],
];

export async function runBenchmark(options: BenchmarkOptions = {}): Promise<BenchmarkResults> {
  const quick = options.quick ?? false;
  const sizes = options.sizes ?? (quick ? QUICK : FULL);
  const progress = options.progress ?? (() => {});
  const only = new Set<ScenarioName>(options.only ?? SCENARIOS);
  const processes = options.processes ?? 1;
  const logLevel = options.logLevel ?? "info";
  const scenarios: BenchmarkResults["scenarios"] = {};
  const results: BenchmarkResults = {
    date: new Date().toISOString(),
    quick,
    machine: { cores: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryBytes: totalmem(), node: process.version, loadAverageAtStart: loadavg() },
    backend: { database: options.databaseUrl ? "postgres" : "pglite", bus: options.redisUrl ? "redis" : "memory", processes, logLevel, passwordHashing: PASSWORD_HASHING_NOTE },
    scenarios,
  };

  if (only.has("baseline")) {
    progress("baseline: bare Koa hello-world");
    scenarios.baseline = await attempt("baseline", async () => {
      const { runs, usage } = await runBaseline(sizes, progress);
      if (options.databaseUrl) {
        progress("baseline: Postgres round trips and one-row inserts");
        const pgRuns = await runPgBaseline(options.databaseUrl, sizes, runs.length);
        runs.forEach((run, i) => Object.assign(run, pgRuns[i]));
      }
      return ok("baseline", { runs }, usage);
    });
    await options.onScenario?.(results);
  }

  const ward = await startWard({ databaseUrl: options.databaseUrl, redisUrl: options.redisUrl, processes, logLevel, cpuProfDir: options.cpuProfDir });
  const endpoints = ward.servers.map((server) => new HttpEndpoint(server.url));
  const pids = ward.servers.map((server) => server.pid);
  try {
    progress(`ward: ${ward.servers.map((s) => s.url).join(", ")} (${ward.database}, ${ward.bus} bus)`);
    await sleep(sizes.idleMs);
    const idleRss = pids.map(rssBytes);
    const ctx: BenchContext = { sizes, endpoints, pids, progress, newUsers: userFactory(endpoints) };
    for (const [name, scenario] of WARD_SCENARIOS) {
      if (!only.has(name)) continue;
      progress(`${name}: starting`);
      const meter = new UsageMeter(pids);
      scenarios[name] = await attempt(name, async () => ok(name, await scenario(ctx, meter), meter.usage));
      await options.onScenario?.(results);
    }
    await waitQuiet(pids, 200, 30_000);
    await sleep(sizes.idleMs);
    const afterRss = pids.map(rssBytes);
    const memory: Metrics = { idleRssBytes: Math.max(...idleRss), afterRssBytes: Math.max(...afterRss) };
    pids.forEach((_, i) => {
      memory[`idleRssBytes#${i + 1}`] = idleRss[i]!;
      memory[`afterRssBytes#${i + 1}`] = afterRss[i]!;
    });
    // Measured once, by definition: idle after start, then after every other scenario.
    scenarios.memory = ok("memory", { runs: [memory] }, undefined);
  } finally {
    for (const endpoint of endpoints) endpoint.close();
    await ward.close();
  }
  results.machine.loadAverageAtEnd = loadavg();
  return results;
}

async function attempt(name: ScenarioName, fn: () => Promise<ScenarioResult>): Promise<ScenarioResult | FailedScenario> {
  try {
    return await fn();
  } catch (err) {
    return { name, status: "failed", reason: (err as Error).stack ?? String(err) };
  }
}

function ok(name: ScenarioName, outcome: ScenarioOutcome, usage: Usage | undefined): ScenarioResult {
  if ("unavailable" in outcome) return { name, status: "not available", reason: outcome.unavailable };
  const metrics = medianOfRuns(outcome.runs);
  const notes = [...(outcome.notes ?? [])];
  const summary = usage
    ? { peakRssBytes: usage.peakRssBytes, serverCpuPercent: cpuPercent(usage.serverCpuSeconds, usage), harnessCpuPercent: cpuPercent(usage.harnessCpuSeconds, usage), seconds: Math.round(usage.seconds) }
    : { peakRssBytes: [], serverCpuPercent: 0, harnessCpuPercent: 0, seconds: 0 };
  if (usage) metrics.peakRssBytes = Math.max(...usage.peakRssBytes);
  if (summary.harnessCpuPercent > HARNESS_SATURATED_PERCENT) {
    notes.push(`the harness used ${summary.harnessCpuPercent}% of a core: it may have been the limit, so these numbers are a floor for the server`);
  }
  return { name, status: "ok", metrics, runs: outcome.runs, usage: summary, notes };
}
