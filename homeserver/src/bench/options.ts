/**
 * How big each scenario is. FULL follows issue 9's numbers; QUICK is a smoke
 * run (a few seconds per scenario, tens of users for fan-out) that proves
 * the harness produces every number, not what the numbers are.
 */
import type { BenchmarkResults } from "./benchmark.js";
export type Sizes = {
  /** Each scenario is repeated this many times and the median of the runs reported. */
  runs: number;
  /** One user, one room, sends one after another. */
  sendSeq: { warmup: number; count: number };
  /** `senders` users sending as fast as they can for `seconds`: one shared room, then a room each. */
  sendConc: { senders: number; seconds: number };
  /** `readers` long-polling /sync while one user sends `messages`, one every `intervalMs`. */
  syncDelivery: { readers: number; messages: number; intervalMs: number };
  /** `users` long-polling in one channel, `messages` sent one at a time once all have re-polled; a run stops sending after `budgetSeconds`. */
  fanOut: { users: number; messages: number; budgetSeconds: number };
  /** A user in `rooms` rooms of `perRoom` messages; `samples` fresh-device initial syncs per run and variant. */
  initialSync: { rooms: number; perRoom: number; samples: number; timelineLimit: number };
  /** One upload and one download of this many bytes. */
  media: { bytes: number };
  /** The Koa hello-world: as many sequential requests as send-seq, `concurrency` clients for `seconds`. */
  baseline: { sequential: number; concurrency: number; seconds: number };
  /** How long the servers are left alone before an idle RSS reading. */
  idleMs: number;
};

export const FULL: Sizes = {
  runs: 3,
  sendSeq: { warmup: 50, count: 2_000 },
  sendConc: { senders: 16, seconds: 20 },
  syncDelivery: { readers: 10, messages: 200, intervalMs: 50 },
  fanOut: { users: 1_000, messages: 100, budgetSeconds: 300 },
  initialSync: { rooms: 50, perRoom: 20, samples: 5, timelineLimit: 20 },
  media: { bytes: 50 * 1024 * 1024 },
  baseline: { sequential: 2_000, concurrency: 16, seconds: 20 },
  idleMs: 3_000,
};

export const QUICK: Sizes = {
  runs: 3,
  sendSeq: { warmup: 5, count: 20 },
  sendConc: { senders: 4, seconds: 0.3 },
  syncDelivery: { readers: 3, messages: 6, intervalMs: 20 },
  fanOut: { users: 10, messages: 3, budgetSeconds: 60 },
  initialSync: { rooms: 3, perRoom: 3, samples: 2, timelineLimit: 20 },
  media: { bytes: 1024 * 1024 },
  baseline: { sequential: 100, concurrency: 4, seconds: 0.3 },
  idleMs: 200,
};

export const SCENARIOS = ["baseline", "send-seq", "send-conc", "sync-delivery", "fan-out", "initial-sync", "media", "memory"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export type BenchmarkOptions = {
  quick?: boolean;
  /** Postgres (a fresh schema, dropped afterwards) instead of embedded PGlite. */
  databaseUrl?: string | undefined;
  /** The Redis bus instead of the in-process one. */
  redisUrl?: string | undefined;
  /** Homeserver processes on the one database and bus (more than 1 needs both URLs). */
  processes?: number;
  /** The servers' WARD_LOG_LEVEL; "info" (an operator's default, one access-log line per request) unless set. */
  logLevel?: string;
  /** Folder for the servers' `node --cpu-prof` profiles. */
  cpuProfDir?: string | undefined;
  /** Run only these scenarios (memory is always measured). */
  only?: readonly ScenarioName[];
  /** Called after each scenario with the results so far (the CLI saves them, so a long run that dies keeps what it measured). */
  onScenario?: (results: BenchmarkResults) => Promise<void>;
  /** Progress lines (to stderr from the CLI); silent by default. */
  progress?: (line: string) => void;
  /** Override the sizes (tests). */
  sizes?: Sizes;
};
