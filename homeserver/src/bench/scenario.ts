/**
 * What every scenario gets and gives back. A scenario registers the users it
 * needs (not measured), then does its runs; only what it wraps in
 * `meter.measure` counts towards the servers' peak RSS and CPU it reports.
 */
import { register, type BenchUser } from "./client.js";
import type { HttpEndpoint } from "./http.js";
import type { ScenarioName, Sizes } from "./options.js";
import { mergeUsage, startSampling, type Usage } from "./proc.js";
import { inParallel, type Metrics } from "./stats.js";

export type BenchContext = {
  readonly sizes: Sizes;
  /** One per homeserver process. */
  readonly endpoints: readonly HttpEndpoint[];
  readonly pids: readonly number[];
  readonly progress: (line: string) => void;
  /** `n` new users, spread round-robin over the processes. */
  newUsers(n: number): Promise<BenchUser[]>;
};

export type ScenarioOutcome = { runs: Metrics[]; notes?: string[] } | { unavailable: string };

export type Scenario = (ctx: BenchContext, meter: UsageMeter) => Promise<ScenarioOutcome>;

export type ScenarioResult = { name: ScenarioName } & (
  | {
      status: "ok";
      /** The median of each metric over the runs. */
      metrics: Metrics;
      runs: Metrics[];
      /** Over the measured parts only: the servers' peak RSS per process, CPU in % of one core. */
      usage: { peakRssBytes: number[]; serverCpuPercent: number; harnessCpuPercent: number; seconds: number };
      notes: string[];
    }
  | { status: "not available"; reason: string }
);

/** Accumulates the servers' usage over the measured windows of one scenario. */
export class UsageMeter {
  usage: Usage | undefined;

  constructor(private readonly pids: readonly number[]) {}

  async measure<T>(fn: () => Promise<T>): Promise<T> {
    const sampling = startSampling(this.pids);
    try {
      return await fn();
    } finally {
      this.usage = mergeUsage(this.usage, sampling.stop());
    }
  }
}

/** Registers users with a few requests in flight (argon2 runs one hash at a time per process anyway). */
export function userFactory(endpoints: readonly HttpEndpoint[]): (n: number) => Promise<BenchUser[]> {
  let created = 0;
  return (n) => {
    const first = created;
    created += n;
    const indexes = Array.from({ length: n }, (_, i) => first + i);
    return inParallel(indexes, 8 * endpoints.length, (i) => register(endpoints[i % endpoints.length]!, `bench${i}`));
  };
}
