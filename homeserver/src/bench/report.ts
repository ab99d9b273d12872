/**
 * The results as rows (scenario, metric, Ward's number, target, Synapse's
 * figure, met/missed), written into the JSON and printed as a table with
 * what the reader needs to judge it: machine, backend, how Ward compares
 * with bare Koa, and where the harness itself may have been the limit.
 */
import type { BenchmarkResults } from "./benchmark.js";
import type { ScenarioName } from "./options.js";
import { ROWS, SCALING_TARGET, meets, shortfall, toUnit, type RowSpec } from "./targets.js";

export type ReportRow = { scenario: ScenarioName; metric: string; ward: string; value?: number; unit?: string; target: string; synapse: string; status: string };

const formatNumber = (unit: RowSpec["unit"], value: number): string => {
  const v = toUnit(unit, value);
  const digits = unit === "count" ? 0 : unit === "ms" && v < 100 ? 2 : 1;
  return `${v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit === "count" ? "" : unit}`.trimEnd();
};

export function buildRows(results: BenchmarkResults, compare?: BenchmarkResults): ReportRow[] {
  const rows: ReportRow[] = [];
  const seen = new Set<ScenarioName>();
  for (const spec of ROWS) {
    const result = results.scenarios[spec.scenario];
    if (!result) continue;
    const target = spec.target ? `${spec.target.op === "=" ? "" : spec.target.op.replace("<=", "≤ ").replace(">=", "≥ ")}${spec.target.value}${spec.unit === "count" ? "" : ` ${spec.unit}`}` : "";
    const base = { scenario: spec.scenario, metric: spec.metric, target, synapse: spec.reference ?? "" };
    if (result.status !== "ok") {
      if (!seen.has(spec.scenario)) rows.push({ ...base, metric: "", ward: `${result.status}: ${result.reason.split("\n")[0]}`, target: "", synapse: "", status: result.status });
      seen.add(spec.scenario);
      continue;
    }
    const value = result.metrics[spec.key];
    if (value === undefined) continue;
    const status = spec.target ? (meets(spec.target, toUnit(spec.unit, value)) ? "met" : `missed (${shortfall(spec.target, toUnit(spec.unit, value))})`) : "";
    rows.push({ ...base, ward: formatNumber(spec.unit, value), value: Number(toUnit(spec.unit, value).toFixed(3)), unit: spec.unit, status });
  }
  if (compare) rows.push(...scalingRows(results, compare));
  return rows;
}

/** send-conc of this run over the same scenario in `compare` (a one-process run): the two-process target. */
function scalingRows(results: BenchmarkResults, compare: BenchmarkResults): ReportRow[] {
  const now = results.scenarios["send-conc"];
  const before = compare.scenarios["send-conc"];
  if (now?.status !== "ok" || before?.status !== "ok") return [];
  return (["shared", "own"] as const).map((variant) => {
    const ratio = now.metrics[`${variant}MsgsPerSec`]! / before.metrics[`${variant}MsgsPerSec`]!;
    return {
      scenario: "send-conc" as const,
      metric: `${variant === "shared" ? "shared room" : "a room each"}: ${results.backend.processes} vs ${compare.backend.processes} process(es)`,
      ward: `${ratio.toFixed(2)}×`,
      value: Number(ratio.toFixed(3)),
      target: `≥ ${SCALING_TARGET.value}×`,
      synapse: "",
      status: meets(SCALING_TARGET, ratio) ? "met" : `missed (${shortfall(SCALING_TARGET, ratio)})`,
    };
  });
}

export function formatReport(results: BenchmarkResults, rows: readonly ReportRow[]): string {
  const m = results.machine;
  const b = results.backend;
  const header = ["scenario", "metric", "Ward", "target", "Synapse (issue)", "met?"];
  const cells = rows.map((r) => [r.scenario, r.metric, r.ward, r.target, r.synapse, r.status]);
  const widths = header.map((_, i) => Math.max(...[header, ...cells].map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  return [
    `Ward benchmark${results.quick ? " (quick)" : ""}, ${results.date}`,
    `machine: ${m.cores} cores (${m.cpuModel}), ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${m.node}, load average ${m.loadAverageAtStart.map((l) => l.toFixed(2)).join(" ")} at start, ${(m.loadAverageAtEnd ?? []).map((l) => l.toFixed(2)).join(" ")} at the end`,
    `backend: ${b.database}, ${b.bus} bus, ${b.processes} homeserver process(es), log level ${b.logLevel}; passwords: ${b.passwordHashing}`,
    "every number is the median over the scenario's runs; RSS in MiB (VmRSS of the server process, sampled every 50 ms);",
    "Synapse (issue): Synapse 1.67 on this machine kind as issue 9 gives it (on baseline rows: the issue's bare Koa and Postgres figures)",
    "",
    line(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.map(line),
    "",
    ...fractionsOfKoa(results),
    ...usageLines(results),
  ].join("\n");
}

function fractionsOfKoa(results: BenchmarkResults): string[] {
  const koa = results.scenarios.baseline;
  if (koa?.status !== "ok") return [];
  const out: string[] = [];
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
  const seq = results.scenarios["send-seq"];
  if (seq?.status === "ok") out.push(`send-seq: ${pct(seq.metrics.msgsPerSec!, koa.metrics.seqReqPerSec!)} of bare Koa's sequential requests/s`);
  const conc = results.scenarios["send-conc"];
  if (conc?.status === "ok") {
    out.push(`send-conc: ${pct(conc.metrics.sharedMsgsPerSec!, koa.metrics.concReqPerSec!)} (shared room), ${pct(conc.metrics.ownMsgsPerSec!, koa.metrics.concReqPerSec!)} (a room each) of bare Koa's concurrent requests/s`);
  }
  return out;
}

function usageLines(results: BenchmarkResults): string[] {
  const out = ["", "CPU during the measured parts (% of one core): server(s) / harness"];
  for (const result of Object.values(results.scenarios)) {
    if (result.status === "ok" && result.usage.seconds > 0) {
      out.push(`  ${result.name}: ${result.usage.serverCpuPercent}% / ${result.usage.harnessCpuPercent}% over ${result.usage.seconds} s`);
    }
    if (result.status === "ok") for (const note of result.notes) out.push(`  note, ${result.name}: ${note}`);
  }
  return out;
}
