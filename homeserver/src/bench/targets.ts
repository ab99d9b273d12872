/**
 * Issue 9's table: for each reported number, Ward's target (if it has one)
 * and Synapse 1.67's figure on this machine kind (the reference), so
 * every run reads as met or missed without going back to the issue.
 */
import type { ScenarioName } from "./options.js";

export type Target = { op: "<=" | ">=" | "="; value: number };

export type RowSpec = {
  scenario: ScenarioName;
  metric: string;
  /** Key in the scenario's metrics. */
  key: string;
  unit: "ms" | "msg/s" | "req/s" | "op/s" | "MiB" | "count";
  target?: Target;
  /** Only measured when the bench runs on Postgres. */
  postgresOnly?: true;
  /** Synapse's figure as the issue states it; on baseline rows, the figure for bare Koa or Postgres. */
  reference?: string;
};

const MIB = 2 ** 20;
export const toUnit = (unit: RowSpec["unit"], value: number): number => (unit === "MiB" ? value / MIB : value);

export const ROWS: readonly RowSpec[] = [
  { scenario: "baseline", metric: "sequential requests/s", key: "seqReqPerSec", unit: "req/s" },
  { scenario: "baseline", metric: "sequential median latency", key: "seqMedianMs", unit: "ms" },
  { scenario: "baseline", metric: "concurrent requests/s", key: "concReqPerSec", unit: "req/s", reference: "bare Koa ~27,000" },
  { scenario: "baseline", metric: "Postgres round trip (SELECT 1)", key: "pgRoundTripMs", unit: "ms", postgresOnly: true },
  { scenario: "baseline", metric: "Postgres one-row insert, committed", key: "pgInsertMs", unit: "ms", postgresOnly: true, reference: "0.36" },
  { scenario: "baseline", metric: "Postgres inserts/s, 16 clients", key: "pgInsertsPerSec", unit: "op/s", postgresOnly: true, reference: "8,500" },
  { scenario: "send-seq", metric: "median latency", key: "medianMs", unit: "ms", target: { op: "<=", value: 2 }, reference: "30" },
  { scenario: "send-seq", metric: "p99 latency", key: "p99Ms", unit: "ms" },
  { scenario: "send-seq", metric: "messages/s", key: "msgsPerSec", unit: "msg/s", reference: "32" },
  { scenario: "send-conc", metric: "shared room: messages/s", key: "sharedMsgsPerSec", unit: "msg/s", target: { op: ">=", value: 3000 }, reference: "43–52" },
  { scenario: "send-conc", metric: "shared room: p99 latency", key: "sharedP99Ms", unit: "ms" },
  { scenario: "send-conc", metric: "a room each: messages/s", key: "ownMsgsPerSec", unit: "msg/s", target: { op: ">=", value: 3000 }, reference: "43–52" },
  { scenario: "send-conc", metric: "a room each: p99 latency", key: "ownP99Ms", unit: "ms" },
  { scenario: "sync-delivery", metric: "send → /sync median", key: "medianMs", unit: "ms", target: { op: "<=", value: 5 }, reference: "99" },
  { scenario: "sync-delivery", metric: "send → /sync p99", key: "p99Ms", unit: "ms", target: { op: "<=", value: 20 }, reference: "170" },
  { scenario: "sync-delivery", metric: "messages missing", key: "missing", unit: "count", target: { op: "=", value: 0 } },
  { scenario: "fan-out", metric: "p99 delivery to the last reader", key: "lastP99Ms", unit: "ms", target: { op: "<=", value: 100 } },
  { scenario: "fan-out", metric: "median delivery to the last reader", key: "lastMedianMs", unit: "ms" },
  { scenario: "fan-out", metric: "p99 delivery, all readers", key: "allP99Ms", unit: "ms" },
  { scenario: "fan-out", metric: "messages missing", key: "missing", unit: "count", target: { op: "=", value: 0 } },
  { scenario: "fan-out", metric: "messages sent (of 100 in the full run)", key: "messagesSent", unit: "count" },
  { scenario: "fan-out", metric: "server peak RSS", key: "peakRssBytes", unit: "MiB" },
  { scenario: "initial-sync", metric: "fresh device, default filter", key: "medianMs", unit: "ms", target: { op: "<=", value: 25 }, reference: "261" },
  { scenario: "initial-sync", metric: "fresh device, timeline.limit=20", key: "limitedMedianMs", unit: "ms", target: { op: "<=", value: 25 }, reference: "2,000" },
  { scenario: "media", metric: "upload time", key: "uploadMs", unit: "ms" },
  { scenario: "media", metric: "download time", key: "downloadMs", unit: "ms" },
  { scenario: "media", metric: "peak RSS growth", key: "peakRssGrowthBytes", unit: "MiB", target: { op: "<=", value: 30 } },
  { scenario: "memory", metric: "RSS idle after start", key: "idleRssBytes", unit: "MiB", target: { op: "<=", value: 80 }, reference: "96" },
  { scenario: "memory", metric: "RSS after the run", key: "afterRssBytes", unit: "MiB", target: { op: "<=", value: 200 }, reference: "335" },
];

/** With two processes: send-conc against a one-process run of the same machine (--compare). */
export const SCALING_TARGET: Target = { op: ">=", value: 1.6 };

export function meets(target: Target, value: number): boolean {
  if (target.op === "<=") return value <= target.value;
  if (target.op === ">=") return value >= target.value;
  return value === target.value;
}

/** How far off a missed target is, in words: "3.1× the target" or "12% of the target". */
export function shortfall(target: Target, value: number): string {
  if (target.op === "=") return `${value} instead of ${target.value}`;
  if (target.op === "<=") return `${(value / target.value).toFixed(1)}× the limit`;
  return `${((100 * value) / target.value).toFixed(1)}% of the target`;
}
