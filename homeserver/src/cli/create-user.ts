#!/usr/bin/env node
/**
 * Admin CLI: create a staff account.
 *
 *   npm run create-user --workspace @ward/homeserver -- <localpart> [--admin] [--bot] [--staff]
 *   node homeserver/dist/cli/create-user.js <localpart> [--admin] [--bot] [--staff]
 *
 * `--bot` makes a bot account, left out of the staff directory (so staff
 * cannot invite or message it) unless `--staff` marks it as staff. Any
 * account enters the directory only once it has logged in.
 *
 * The password is read from stdin, never from the command line (argv is
 * visible to every user of the machine in `ps` and lands in shell history):
 * typed twice without echo on a terminal, or the first line of piped input
 * (`printf '%s\n' "$PW" | ...`). Uses the same configuration as the server
 * (WARD_* environment, WARD_CONFIG_FILE) and the same database.
 */
import type { Readable, Writable } from "node:stream";
import { MemoryBus } from "../bus/memory.js";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { sodiumReady } from "../crypto/sodium.js";
import { MatrixError } from "../http/matrix-error.js";
import { createLogger, type Logger } from "../log.js";
import { openConfiguredDatabase } from "../open-database.js";
import type { Database } from "../store/database.js";
import { createUser } from "../services/users/account-store.js";
import { createPasswordHasher } from "../services/users/passwords.js";
import { readPassword } from "./read-password.js";
import { isEntrypoint } from "../entrypoint.js";

export type CliIo = {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
};

export type CreateUserOptions = {
  /** Tests pass their database; defaults to the configured one (migrated), closed at the end. */
  openDatabase?: (config: Config, logger: Logger) => Promise<Database>;
  /** Tests override settings the environment cannot (cheap password hashing). */
  configOverrides?: Partial<Config>;
};

const FLAGS = ["--admin", "--bot", "--staff"];
const USAGE = "usage: create-user <localpart> [--admin] [--bot] [--staff]   (the password is read from stdin)\n";

/** Returns the process exit code: 0 created, 1 refused or failed, 2 bad usage. */
export async function runCreateUser(args: readonly string[], io: CliIo, options: CreateUserOptions = {}): Promise<number> {
  const admin = args.includes("--admin");
  const bot = args.includes("--bot");
  const staff = args.includes("--staff");
  const rest = args.filter((a) => !FLAGS.includes(a));
  const localpart = rest[0];
  if (rest.length !== 1 || localpart === undefined || localpart.startsWith("-")) {
    io.stderr.write(USAGE);
    return 2;
  }
  let config: Config;
  try {
    config = { ...loadConfig({ env: io.env }), ...options.configOverrides };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`create-user: configuration error: ${err.message}\n`);
    return 1;
  }
  const password = await readPassword(io);
  if (password === undefined) {
    io.stderr.write("create-user: no password given on stdin (or the two entries differ)\n");
    return 1;
  }
  const logger = createLogger({ level: "warn", destination: io.stderr });
  await sodiumReady();
  const db = await (options.openDatabase ?? openConfiguredDatabase)(config, logger);
  const bus = new MemoryBus();
  try {
    const context = { db, bus, config, logger, clock: Date.now };
    const userId = await createUser({ context, passwords: createPasswordHasher(config.passwordHashing) }, {
      localpart, password, admin, bot, ...(staff && { staff: true }),
    });
    const notes = [admin && "admin", bot && "bot", staff && "staff"].filter(Boolean);
    io.stdout.write(`created ${userId}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof MatrixError)) throw err;
    io.stderr.write(`create-user: ${err.message} (${err.errcode})\n`);
    return 1;
  } finally {
    await bus.close();
    await db.close();
  }
}

if (isEntrypoint(import.meta.url)) {
  runCreateUser(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`create-user: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
