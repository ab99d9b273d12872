#!/usr/bin/env node
/**
 * Admin CLI for encryption at rest (spec/security.md, "Encryption at rest"):
 *
 *   npm run at-rest --workspace @ward/homeserver -- status
 *   npm run at-rest --workspace @ward/homeserver -- rotate
 *   npm run at-rest --workspace @ward/homeserver -- reencrypt [--batch N] [--pause-ms N]
 *   npm run at-rest --workspace @ward/homeserver -- rewrap
 *
 * Uses the server's configuration (WARD_* environment, WARD_CONFIG_FILE),
 * database and master key. On Postgres every command runs while servers
 * serve; the embedded database (PGlite) is one process's alone, so there
 * the server must be stopped first.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { DEFAULT_REFRESH_MS } from "../crypto/at-rest.js";
import { rewrapDataKeys, rotateDataKey } from "../crypto/data-keys.js";
import { sodiumReady } from "../crypto/sodium.js";
import { isEntrypoint } from "../entrypoint.js";
import { KeyFileError, loadOrCreateKeys, type ServerKeys } from "../keys.js";
import { createLogger, type Logger } from "../log.js";
import { openConfiguredDatabase } from "../open-database.js";
import { atRestStatus, reencryptAll, type ReencryptResult } from "../services/at-rest/reencrypt.js";
import type { Database } from "../store/database.js";
import { dataKeysTable } from "../store/tables/data-keys.js";

export type AtRestIo = { stdout: Writable; stderr: Writable; env: Record<string, string | undefined> };

export type AtRestCliOptions = {
  /** Tests pass their database; defaults to the configured one (migrated, cipher loaded), closed at the end. */
  openDatabase?: (config: Config, logger: Logger, keys: ServerKeys) => Promise<Database>;
  /** Tests pass their master keys; defaults to the configured ones. */
  keys?: ServerKeys;
  clock?: () => number;
  /** How long after a rotation `reencrypt` waits for serving processes to adopt the new key (default twice their refresh interval). */
  settleMs?: number;
};

const USAGE = `usage: at-rest status | rotate | reencrypt [--batch N] [--pause-ms N] | rewrap
  status      data keys, and how many rows each one seals
  rotate      a new data key seals new rows from now on (within ${DEFAULT_REFRESH_MS / 1000} s on every server); old keys stay for reading
  reencrypt   seal every row under the active data key (old keys, plaintext rows from before encryption at rest), in batches
  rewrap      re-wrap every data key with the first master key (master key rotation: first line new, old lines kept until this has run)
`;

type Command = { name: "status" | "rotate" | "rewrap" } | { name: "reencrypt"; batchSize: number; pauseMs: number };

function parseArgs(args: readonly string[]): Command | undefined {
  const [name, ...rest] = args;
  if (name === "status" || name === "rotate" || name === "rewrap") return rest.length === 0 ? { name } : undefined;
  if (name !== "reencrypt") return undefined;
  const command: Command & { name: "reencrypt" } = { name, batchSize: 200, pauseMs: 0 };
  for (let i = 0; i < rest.length; i += 2) {
    const value = Number(rest[i + 1]);
    if (!Number.isInteger(value) || value < 0) return undefined;
    if (rest[i] === "--batch" && value >= 1 && value <= 10_000) command.batchSize = value;
    else if (rest[i] === "--pause-ms" && value <= 60_000) command.pauseMs = value;
    else return undefined;
  }
  return command;
}

/** Returns the process exit code: 0 done, 1 failed (or unreadable rows found), 2 bad usage. */
export async function runAtRest(args: readonly string[], io: AtRestIo, options: AtRestCliOptions = {}): Promise<number> {
  const command = parseArgs(args);
  if (!command) {
    io.stderr.write(USAGE);
    return 2;
  }
  const fail = (message: string) => {
    io.stderr.write(`at-rest: ${message}\n`);
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
    return fail(`the embedded database is open in another process (${embeddedLock} exists): stop the server first. If none runs, that file is left from a crash: remove it.`);
  }
  const logger = createLogger({ level: "warn", destination: io.stderr });
  const clock = options.clock ?? Date.now;
  let db: Database;
  let keys: ServerKeys;
  try {
    await sodiumReady();
    keys = options.keys ?? (await loadOrCreateKeys(config, logger));
    db = await (options.openDatabase ?? openConfiguredDatabase)(config, logger, keys);
  } catch (err) {
    if (err instanceof KeyFileError) return fail(err.message);
    throw err;
  }
  try {
    return await run(command, db, keys, io, clock, options.settleMs ?? 2 * DEFAULT_REFRESH_MS);
  } catch (err) {
    if (err instanceof KeyFileError) return fail(err.message);
    throw err;
  } finally {
    await db.close();
  }
}

async function run(command: Command, db: Database, keys: ServerKeys, io: AtRestIo, clock: () => number, settleMs: number): Promise<number> {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  switch (command.name) {
    case "status": {
      const status = await atRestStatus(db);
      out("data key              master key  created                   rows: events  account data");
      for (const key of status.keys) {
        const created = new Date(key.createdTs).toISOString();
        out(`${(key.keyId + (key.active ? " *" : "")).padEnd(22)}${key.kekId.padEnd(12)}${created.padEnd(26)}${String(status.events[key.keyId] ?? 0).padStart(12)}${String(status.accountData[key.keyId] ?? 0).padStart(14)}`);
      }
      out(`${"plaintext".padEnd(60)}${String(status.events.plaintext ?? 0).padStart(12)}${String(status.accountData.plaintext ?? 0).padStart(14)}`);
      out("* active: seals new rows");
      return 0;
    }
    case "rotate": {
      const keyId = await rotateDataKey(db, keys, clock());
      out(`new active data key ${keyId}; servers seal new rows with it within ${DEFAULT_REFRESH_MS / 1000} s.`);
      out("Older rows stay readable under their keys; run `at-rest reencrypt` to move them to the new one.");
      return 0;
    }
    case "rewrap": {
      const moved = await rewrapDataKeys(db, keys);
      out(`${moved} data key(s) re-wrapped with master key ${keys.atRest.keyId}; every data key is now under it.`);
      out("Older master keys can be removed from the key file once every server has been restarted with it.");
      return 0;
    }
    case "reencrypt": {
      await settle(db, clock, settleMs, out);
      let batches = 0;
      const result = await reencryptAll(db, {
        batchSize: command.batchSize,
        pauseMs: command.pauseMs,
        onProgress: (p) => {
          if (++batches % 50 === 0) out(`... ${p.events} events, ${p.accountData} account data rows so far`);
        },
      });
      return report(result, db.atRest.activeKeyId, out);
    }
  }
}

/** Rows written by a server that has not yet seen a fresh rotation would be left behind: wait until every server has. */
async function settle(db: Database, clock: () => number, settleMs: number, out: (line: string) => void): Promise<void> {
  const active = (await dataKeysTable.all(db)).find((k) => k.active);
  const wait = active ? active.createdTs + settleMs - clock() : 0;
  if (wait > 0) {
    out(`waiting ${Math.ceil(wait / 1000)} s for every server to seal new rows under ${active!.keyId}...`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

function report(result: ReencryptResult, keyId: string, out: (line: string) => void): number {
  out(`sealed under ${keyId}: ${result.events} events, ${result.accountData} account data rows (${result.raced} changed meanwhile, left to their writer)`);
  if (result.unreadable.length === 0) return 0;
  out(`${result.unreadable.length} row(s) do not open (altered, or moved from another row) and were left as they are:`);
  for (const what of result.unreadable.slice(0, 100)) out(`  ${what}`);
  if (result.unreadable.length > 100) out(`  ... and ${result.unreadable.length - 100} more`);
  return 1;
}

if (isEntrypoint(import.meta.url)) {
  runAtRest(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`at-rest: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
