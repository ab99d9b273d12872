#!/usr/bin/env node
/**
 * Where a server's CPU went: reads `node --cpu-prof` profiles (.cpuprofile
 * JSON, as WARD_BENCH_CPU_PROF=DIR writes them) and prints self time by
 * function and by module (package, Node internal, or Ward source file),
 * as a share of the busy (non-idle) time.
 *
 *   node dist/bench/cpu-profile.js DIR_OR_FILE... [--top N]
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { isEntrypoint } from "../entrypoint.js";

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

export type SelfTimes = { totalMs: number; idleMs: number; byFunction: Map<string, number>; byModule: Map<string, number> };

export function aggregate(profiles: readonly Profile[]): SelfTimes {
  const out: SelfTimes = { totalMs: 0, idleMs: 0, byFunction: new Map(), byModule: new Map() };
  for (const profile of profiles) {
    const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    profile.samples.forEach((id, i) => {
      // A sample's time is the gap to the next sample.
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const frame = frames.get(id)!;
      out.totalMs += ms;
      if (frame.functionName === "(idle)") {
        out.idleMs += ms;
        return;
      }
      const where = shortUrl(frame.url);
      add(out.byFunction, `${frame.functionName || "(anonymous)"}${where ? ` ${where}:${frame.lineNumber + 1}` : ""}`, ms);
      add(out.byModule, moduleOf(frame), ms);
    });
  }
  return out;
}

const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);

function shortUrl(url: string): string {
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) return url.slice(modules + "node_modules/".length);
  const ward = url.search(/\/(homeserver|protocol)\/(src|dist)\//);
  return ward >= 0 ? url.slice(ward + 1) : url.replace(/^file:\/\//, "");
}

/** The package (node_modules/<pkg>), `node:internal`, the Ward file, or the V8 pseudo-frame. */
function moduleOf(frame: CallFrame): string {
  if (frame.url === "") return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  if (frame.url.startsWith("node:")) return "node: internals";
  const short = shortUrl(frame.url);
  if (frame.url.includes("node_modules/")) {
    const parts = short.split("/");
    return `npm: ${parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  return short;
}

async function profileFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      for (const name of await readdir(path)) if (name.endsWith(".cpuprofile")) files.push(join(path, name));
    } else files.push(path);
  }
  return files;
}

export function formatSelfTimes(times: SelfTimes, top: number): string {
  const busy = times.totalMs - times.idleMs;
  const table = (title: string, map: Map<string, number>) => [
    title,
    ...[...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${name}`),
  ];
  return [
    `profiled ${(times.totalMs / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s (${((100 * busy) / times.totalMs).toFixed(1)}%); shares are of busy time`,
    "",
    ...table("self time by module:", times.byModule),
    "",
    ...table("self time by function:", times.byFunction),
  ].join("\n");
}

if (isEntrypoint(import.meta.url)) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf("--top");
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
  if (args.length === 0 || !Number.isInteger(top)) {
    process.stderr.write("usage: node dist/bench/cpu-profile.js DIR_OR_FILE... [--top N]\n");
    process.exit(2);
  }
  const files = await profileFiles(args);
  const profiles = await Promise.all(files.map(async (file) => JSON.parse(await readFile(file, "utf8")) as Profile));
  process.stdout.write(`${files.length} profile(s)\n${formatSelfTimes(aggregate(profiles), top)}\n`);
}
