/** Summaries of timing samples: nearest-rank percentiles over sorted copies. */

export type Summary = { samples: number; medianMs: number; p99Ms: number; maxMs: number };

/** One run's numbers, by metric name; a scenario reports the median of each over its runs. */
export type Metrics = Record<string, number>;

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of no samples");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no samples");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  // One sort, no spreading: a 20 s burst against bare Koa gives hundreds of thousands of samples.
  const sorted = Float64Array.from(samples).sort();
  if (sorted.length === 0) throw new Error("summary of no samples");
  const mid = sorted.length >> 1;
  const at = (p: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
  return {
    samples: sorted.length,
    medianMs: round(sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2),
    p99Ms: round(at(99)),
    maxMs: round(sorted[sorted.length - 1]!),
  };
}

/** The median of each metric over the runs (every run reports the same metrics). */
export function medianOfRuns(runs: readonly Metrics[]): Metrics {
  const first = runs[0];
  if (!first) throw new Error("no runs to take the median of");
  const out: Metrics = {};
  for (const key of Object.keys(first)) out[key] = round(median(runs.map((run) => run[key] ?? Number.NaN)));
  return out;
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export const now = (): number => performance.now();

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `promise`, or `ms` at most; the timer does not outlive it (a pending timer would keep the process alive). */
export async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
