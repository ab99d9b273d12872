/**
 * What the servers cost, read from outside through /proc (Linux): resident
 * memory (VmRSS) and CPU time (utime + stime) of each server process. A
 * sampler polls them during a scenario for the peak RSS; the harness's own
 * CPU comes from process.cpuUsage(), to tell when the harness, not the
 * server, was the limit.
 */
import { existsSync, readFileSync } from "node:fs";
import { now, round, sleep } from "./stats.js";

/** USER_HZ: what /proc/<pid>/stat counts CPU time in; 100 on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** CPU seconds the process has used so far (user + system). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** What the processes used during a measured window (or several, merged). */
export type Usage = {
  /** Highest RSS seen per server process. */
  peakRssBytes: number[];
  /** CPU seconds of the servers (summed over processes) and of the harness. */
  serverCpuSeconds: number;
  harnessCpuSeconds: number;
  seconds: number;
};

/** Samples RSS every `intervalMs` until stopped. */
export function startSampling(pids: readonly number[], intervalMs = 50): { stop(): Usage } {
  const peaks = pids.map(rssBytes);
  const cpu0 = pids.map(cpuSeconds);
  const harness0 = process.cpuUsage();
  const t0 = now();
  const sample = () =>
    pids.forEach((pid, i) => {
      // A server that exited mid-scenario keeps its last peak; the scenario itself reports the failure.
      if (existsSync(`/proc/${pid}`)) peaks[i] = Math.max(peaks[i]!, rssBytes(pid));
    });
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const harness = process.cpuUsage(harness0);
      return {
        peakRssBytes: peaks,
        serverCpuSeconds: pids.reduce((sum, pid, i) => sum + (existsSync(`/proc/${pid}`) ? cpuSeconds(pid) - cpu0[i]! : 0), 0),
        harnessCpuSeconds: (harness.user + harness.system) / 1e6,
        seconds: (now() - t0) / 1000,
      };
    },
  };
}

export function mergeUsage(a: Usage | undefined, b: Usage): Usage {
  if (!a) return b;
  return {
    peakRssBytes: a.peakRssBytes.map((peak, i) => Math.max(peak, b.peakRssBytes[i] ?? 0)),
    serverCpuSeconds: a.serverCpuSeconds + b.serverCpuSeconds,
    harnessCpuSeconds: a.harnessCpuSeconds + b.harnessCpuSeconds,
    seconds: a.seconds + b.seconds,
  };
}

/** CPU as % of one core over the usage's wall time. */
export const cpuPercent = (cpuSeconds: number, usage: Usage): number => round((100 * cpuSeconds) / Math.max(usage.seconds, 1e-9), 1);

/**
 * Waits until the servers have used no CPU for `quietMs` (at most `maxMs`):
 * e.g. until 1,000 long-polls have all been read and parked. Returns whether
 * they went quiet.
 */
export async function waitQuiet(pids: readonly number[], quietMs: number, maxMs: number): Promise<boolean> {
  const deadline = now() + maxMs;
  let last = pids.map(cpuSeconds);
  while (now() < deadline) {
    await sleep(quietMs);
    const current = pids.map(cpuSeconds);
    // One tick of slack: timers and GC tick over even in an idle process.
    const busy = current.some((c, i) => c - last[i]! > 1.5 / TICKS_PER_SECOND);
    if (!busy) return true;
    last = current;
  }
  return false;
}
