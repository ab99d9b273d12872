/** The human-readable table the CLI prints. */
import type { BenchmarkResults } from "./benchmark.js";
import type { Summary } from "./stats.js";

const ms = (n: number) => `${n.toFixed(2)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

type Row = [metric: string, median: string, p95: string, other: string];

const timing = (name: string, s: Summary, other = ""): Row => [name, ms(s.medianMs), ms(s.p95Ms), `n=${s.samples}${other ? `, ${other}` : ""}`];

export function formatReport(r: BenchmarkResults): string {
  const c = r.concurrent;
  const rows: Row[] = [
    timing("send (sequential, 1 user)", r.send, `${r.send.msgsPerSec} msgs/s`),
    throughput(`concurrent send, ${c.separateRooms.users} users / ${c.separateRooms.users} rooms`, c.separateRooms),
    throughput(`concurrent send, ${c.oneRoom.users} users / 1 room`, c.oneRoom),
    timing("/sync wake: send start → bob's long-poll answer", r.syncWake.endToEnd, `extra polls ${r.syncWake.extraPolls}`),
    timing("/sync wake: send response → bob's answer", r.syncWake, "shared event loop, see sync-wake.ts"),
    timing(`initial /sync (${r.initialSync.rooms} rooms × ${r.initialSync.messagesPerRoom} msgs)`, r.initialSync, `${kib(r.initialSync.responseBytes)}, ${r.initialSync.timelineEvents} timeline events`),
    timing(`/messages (dir=b, limit=${r.messages.limit})`, r.messages, `${r.messages.eventsPerPage} events/page`),
  ];
  const header: Row = ["metric", "median", "p95", "notes"];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  const line = (row: Row) => row.map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  return [
    `Ward benchmark${r.quick ? " (quick)" : ""}: ${r.backend.database}, ${r.backend.bus} bus, Node ${r.node}`,
    `server start ${r.setup.startMs} ms, registering ${r.setup.users} users ${r.setup.registerMs} ms`,
    "",
    line(header),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(line),
    "",
    `memory after the runs (server and bench client, one process): RSS ${mib(r.memory.rssBytes)}, heap used ${mib(r.memory.heapUsedBytes)} of ${mib(r.memory.heapTotalBytes)}`,
  ].join("\n");
}

function throughput(name: string, t: BenchmarkResults["concurrent"]["oneRoom"]): Row {
  return [name, `${t.msgsPerSec} msgs/s`, "", `median of ${t.rounds} rounds of ${t.messages} msgs (min ${t.minMsgsPerSec}, max ${t.maxMsgsPerSec})`];
}
