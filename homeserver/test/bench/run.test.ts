/**
 * Smoke test of the benchmark (`npm run bench`): runs it in quick mode on
 * PGlite and checks that every number came out. No timing thresholds:
 * performance is measured by the benchmark, never asserted (DESIGN.md).
 */
import t from "tap";
import { runBenchmark } from "../../src/bench/run.js";

/** Counters that are legitimately zero in a good run. */
const MAY_BE_ZERO = new Set(["extraPolls"]);

function numbers(value: unknown, path: string, out: Array<[string, number]>): Array<[string, number]> {
  if (typeof value === "number") out.push([path, value]);
  else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) numbers(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

t.test("quick benchmark run reports every metric", async (t) => {
  const results = await runBenchmark({ quick: true });
  t.equal(results.quick, true);
  t.same(results.backend, { database: "pglite", bus: "memory" });
  const metrics = numbers(results, "", []);
  t.ok(metrics.length >= 30, `found ${metrics.length} numbers`);
  for (const [path, n] of metrics) {
    const key = path.split(".").at(-1)!;
    if (MAY_BE_ZERO.has(key)) t.ok(Number.isFinite(n) && n >= 0, `${path} = ${n} is a finite count`);
    else t.ok(Number.isFinite(n) && n > 0, `${path} = ${n} is finite and positive`);
  }
  for (const section of ["send", "concurrent", "syncWake", "initialSync", "messages", "memory"] as const) {
    t.ok(results[section], `${section} measured`);
  }
});
