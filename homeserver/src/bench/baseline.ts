/**
 * baseline: the bare Koa hello-world (koa-hello.ts) in its own process,
 * driven by the same HTTP client as Ward: as many sequential GETs as
 * send-seq sends, then `concurrency` clients for `seconds` as send-conc,
 * after one discarded warm-up round of the sequential requests.
 * Ward's numbers are then read as a fraction of these.
 */
import { scriptArgs, spawnServer } from "./child.js";
import { HttpEndpoint } from "./http.js";
import { rssBytes, startSampling, type Usage } from "./proc.js";
import type { Sizes } from "./options.js";
import { now, round, sleep, summarize, type Metrics } from "./stats.js";

export type BaselineResult = { runs: Metrics[]; usage: Usage };

export async function runBaseline(sizes: Sizes, progress: (line: string) => void): Promise<BaselineResult> {
  const server = await spawnServer("koa hello-world", scriptArgs("koa-hello"), {});
  const endpoint = new HttpEndpoint(server.url);
  try {
    await sleep(sizes.idleMs);
    const idleRss = rssBytes(server.pid);
    // Warm-up, discarded: the first requests run before V8 has optimised either side.
    await sequential(endpoint, sizes.baseline.sequential);
    const sampling = startSampling([server.pid]);
    let usage: Usage | undefined;
    try {
      const runs: Metrics[] = [];
      for (let r = 0; r < sizes.runs; r++) {
        const seq = await sequential(endpoint, sizes.baseline.sequential);
        const conc = await concurrent(endpoint, sizes.baseline.concurrency, sizes.baseline.seconds);
        runs.push({ seqMedianMs: seq.medianMs, seqP99Ms: seq.p99Ms, seqReqPerSec: seq.perSec, concReqPerSec: conc.perSec, concP99Ms: conc.p99Ms, idleRssBytes: idleRss });
        progress(`baseline run ${r + 1}: sequential ${seq.perSec} req/s, ${sizes.baseline.concurrency} concurrent ${conc.perSec} req/s`);
      }
      usage = sampling.stop();
      return { runs, usage };
    } finally {
      if (!usage) sampling.stop();
    }
  } finally {
    endpoint.close();
    await server.stop();
  }
}

async function sequential(endpoint: HttpEndpoint, count: number) {
  const latencies: number[] = [];
  const start = now();
  for (let i = 0; i < count; i++) {
    const t0 = now();
    await get(endpoint);
    latencies.push(now() - t0);
  }
  const s = summarize(latencies);
  return { medianMs: s.medianMs, p99Ms: s.p99Ms, perSec: round(count / ((now() - start) / 1000), 1) };
}

async function concurrent(endpoint: HttpEndpoint, clients: number, seconds: number) {
  const latencies: number[] = [];
  const start = now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (now() < deadline) {
        const t0 = now();
        await get(endpoint);
        latencies.push(now() - t0);
      }
    }),
  );
  const s = summarize(latencies);
  return { p99Ms: s.p99Ms, perSec: round(latencies.length / ((now() - start) / 1000), 1) };
}

async function get(endpoint: HttpEndpoint): Promise<void> {
  const res = await endpoint.request("GET", "/");
  if (res.status !== 200) throw new Error(`koa hello-world answered ${res.status}`);
}
