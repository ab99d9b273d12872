/**
 * Smoke test of the benchmark (`npm run bench`): a quick run on embedded
 * defaults, with the homeserver and the Koa baseline as child processes,
 * must produce every scenario's numbers, the table and the JSON file. No
 * timing thresholds: performance is measured by the benchmark, never
 * asserted (DESIGN.md).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import t from "tap";
import { SCENARIOS } from "../../src/bench/options.js";
import { NOT_BUILT } from "../../src/bench/media.js";
import { buildRows, formatReport } from "../../src/bench/report.js";
import { runBenchmark, writeResults } from "../../src/bench/run.js";
import { ROWS } from "../../src/bench/targets.js";

t.test("a quick run reports every scenario's numbers, as a table and as JSON", async (t) => {
  const results = await runBenchmark({ quick: true });
  t.equal(results.quick, true);
  t.match(results.backend, { database: "pglite", bus: "memory", processes: 1 });
  t.ok(results.machine.cores > 0 && results.machine.memoryBytes > 0 && results.machine.node.startsWith("v"), "machine described");

  for (const name of SCENARIOS) {
    const result = results.scenarios[name];
    if (!result) {
      t.fail(`${name} missing`);
      continue;
    }
    if (result.status === "not available") {
      t.equal(name, "media", "only media may be unavailable (until issue 7)");
      t.equal(result.reason, NOT_BUILT);
      continue;
    }
    if (result.status !== "ok") {
      t.fail(`${name} ${result.status}: ${result.reason}`);
      continue;
    }
    t.ok(result.runs.length >= (name === "memory" ? 1 : 3), `${name}: ${result.runs.length} runs`);
    for (const spec of ROWS.filter((row) => row.scenario === name && !row.postgresOnly)) {
      const value = result.metrics[spec.key];
      t.ok(value !== undefined && Number.isFinite(value) && value >= 0, `${name} ${spec.key} = ${value}`);
    }
    if (name !== "memory") t.ok(result.usage.peakRssBytes.every((rss) => rss > 0), `${name}: the server's peak RSS was read from /proc`);
  }

  const rows = buildRows(results);
  const table = formatReport(results, rows);
  for (const name of SCENARIOS) t.match(table, new RegExp(`^${name} `, "m"), `the table has a ${name} row`);
  const out = join(t.testdir(), "results", "latest.json");
  await writeResults(out, results, rows);
  const written = JSON.parse(await readFile(out, "utf8"));
  t.same(Object.keys(written.scenarios).sort(), [...SCENARIOS].sort(), "the JSON holds every scenario");
  t.equal(written.rows.length, rows.length, "and the table's rows");
});
