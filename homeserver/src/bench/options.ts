/**
 * How big each benchmark scenario is. The full sizes are the ones the
 * numbers in README.md refer to; quick mode (WARD_BENCH_QUICK=1 or --quick)
 * is a smoke run that finishes in well under a minute.
 */
export type Sizes = {
  /** One user, one room, sequential sends. */
  send: { warmup: number; count: number };
  /** `users` senders at once, `perUser` messages each, in separate rooms and then in one room. */
  concurrent: { users: number; perUser: number; warmupRounds: number; rounds: number };
  /** alice sends while bob holds a /sync long-poll. */
  syncWake: { warmup: number; count: number; settleMs: number };
  /** Initial /sync for a user in `rooms` rooms with `perRoom` messages each. */
  initialSync: { rooms: number; perRoom: number; warmup: number; runs: number };
  /** One backwards /messages page of `limit` events. */
  messages: { limit: number; warmup: number; runs: number };
};

export const FULL: Sizes = {
  send: { warmup: 20, count: 300 },
  concurrent: { users: 8, perUser: 100, warmupRounds: 1, rounds: 3 },
  syncWake: { warmup: 5, count: 50, settleMs: 50 },
  initialSync: { rooms: 50, perRoom: 20, warmup: 1, runs: 5 },
  messages: { limit: 50, warmup: 5, runs: 50 },
};

export const QUICK: Sizes = {
  send: { warmup: 5, count: 60 },
  concurrent: { users: 8, perUser: 10, warmupRounds: 1, rounds: 2 },
  syncWake: { warmup: 2, count: 10, settleMs: 30 },
  initialSync: { rooms: 10, perRoom: 5, warmup: 1, runs: 3 },
  messages: { limit: 50, warmup: 2, runs: 10 },
};

export type BenchmarkOptions = {
  quick?: boolean;
  /** Postgres instead of embedded PGlite; the bench works in a fresh schema and drops it afterwards. */
  databaseUrl?: string | undefined;
  /** Redis bus instead of the in-process one. */
  redisUrl?: string | undefined;
  /** Progress lines (to stderr from the CLI); silent by default. */
  progress?: (line: string) => void;
  /** Override the sizes (tests). */
  sizes?: Sizes;
};
