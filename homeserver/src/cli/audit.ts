#!/usr/bin/env node
/**
 * Admin CLI for the audit trail (spec/security.md, "Audit trail"):
 *
 *   npm run audit --workspace @ward/homeserver -- verify
 *   npm run audit --workspace @ward/homeserver -- export [--user @u:hs] [--room !r:hs] [--action A] [--since T] [--until T]
 *
 * `verify` walks the hash chain and names the first broken row (exit 1).
 * `export` writes the rows as JSON lines, oldest first, to stdout; T is UTC
 * milliseconds or an ISO 8601 date. Both uses are themselves recorded.
 *
 * Uses the server's configuration (WARD_* environment, WARD_CONFIG_FILE).
 * On Postgres it runs while servers serve; the embedded database (PGlite) is
 * one process's alone, so there the server must be stopped first.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { sodiumReady } from "../crypto/sodium.js";
import { isEntrypoint } from "../entrypoint.js";
import { KeyFileError } from "../keys.js";
import { createLogger, type Logger } from "../log.js";
import { openConfiguredDatabase } from "../open-database.js";
import { isAuditAction } from "../services/audit/actions.js";
import { auditRecordJson } from "../services/audit/chain.js";
import { appendAudit } from "../services/audit/record.js";
import { verifyAuditChain } from "../services/audit/verify.js";
import type { Database } from "../store/database.js";
import { auditLogTable, type AuditFilter } from "../store/tables/audit-log.js";

export type AuditIo = { stdout: Writable; stderr: Writable; env: Record<string, string | undefined> };

export type AuditCliOptions = {
  /** Tests pass their database (left open); defaults to the configured one, closed at the end. */
  openDatabase?: (config: Config, logger: Logger) => Promise<Database>;
  clock?: () => number;
};

const USAGE = `usage: audit verify | export [--user USER_ID] [--room ROOM_ID] [--action ACTION] [--since TIME] [--until TIME]
  verify   check the hash chain; exit 1 and name the first broken row if it is broken
  export   the rows as JSON lines, oldest first (TIME: UTC milliseconds or ISO 8601)
`;

type Command = { name: "verify" } | { name: "export"; filter: AuditFilter };

function parseTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^[0-9]+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
}

function parseArgs(args: readonly string[]): Command | undefined {
  const [name, ...rest] = args;
  if (name === "verify") return rest.length === 0 ? { name } : undefined;
  if (name !== "export" || rest.length % 2 !== 0) return undefined;
  const filter: AuditFilter = {};
  for (let i = 0; i < rest.length; i += 2) {
    const value = rest[i + 1]!;
    switch (rest[i]) {
      case "--user": filter.actor = value; break;
      case "--room": filter.roomId = value; break;
      case "--action": if (!isAuditAction(value)) return undefined; filter.action = value; break;
      case "--since": filter.fromTs = parseTime(value); if (filter.fromTs === undefined) return undefined; break;
      case "--until": filter.toTs = parseTime(value); if (filter.toTs === undefined) return undefined; break;
      default: return undefined;
    }
  }
  return { name, filter };
}

/** Returns the process exit code: 0 done (chain intact), 1 failed (chain broken), 2 bad usage. */
export async function runAudit(args: readonly string[], io: AuditIo, options: AuditCliOptions = {}): Promise<number> {
  const command = parseArgs(args);
  if (!command) {
    io.stderr.write(USAGE);
    return 2;
  }
  const fail = (message: string) => {
    io.stderr.write(`audit: ${message}\n`);
    return 1;
  };
  let config: Config;
  try {
    config = loadConfig({ env: io.env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return fail(`configuration error: ${err.message}`);
  }
  const embeddedLock = join(config.dataDir, "db", "postmaster.pid");
  if (!options.openDatabase && !config.databaseUrl && existsSync(embeddedLock)) {
    return fail(`the embedded database is open in another process (${embeddedLock} exists): stop the server first`);
  }
  const logger = createLogger({ level: "warn", destination: io.stderr });
  let db: Database;
  try {
    await sodiumReady();
    db = options.openDatabase ? await options.openDatabase(config, logger) : await openConfiguredDatabase(config, logger);
  } catch (err) {
    if (err instanceof KeyFileError) return fail(err.message);
    throw err;
  }
  try {
    return await run(command, db, io, options.clock ?? Date.now);
  } finally {
    if (!options.openDatabase) await db.close();
  }
}

async function run(command: Command, db: Database, io: AuditIo, clock: () => number): Promise<number> {
  const endpoint = `cli.audit.${command.name}`;
  // The use of the trail is recorded first, as through the admin API.
  await db.transaction((tx) => appendAudit(tx, clock(), [{ action: command.name === "verify" ? "admin_audit_verify" : "admin_audit_export", endpoint }]));
  if (command.name === "verify") {
    const result = await verifyAuditChain(db);
    if (result.ok) {
      io.stdout.write(`audit chain intact: ${result.rows} rows\n`);
      return 0;
    }
    io.stdout.write(`audit chain BROKEN at seq ${result.firstBrokenSeq} (${result.reason}); ${result.rows} rows before it verify\n`);
    return 1;
  }
  let afterSeq = 0;
  for (;;) {
    const rows = await auditLogTable.listOldest(db, { ...command.filter, afterSeq }, 1000);
    for (const row of rows) io.stdout.write(`${JSON.stringify(auditRecordJson(row))}\n`);
    const last = rows[rows.length - 1];
    if (!last) return 0;
    afterSeq = last.seq;
  }
}

if (isEntrypoint(import.meta.url)) {
  runAudit(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`audit: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
