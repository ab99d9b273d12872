/**
 * A real Ward homeserver, in this process, for the benchmark: the production
 * start-up (`startHomeserver`) on 127.0.0.1:0 with a temporary data folder,
 * registration open, rate limits off and the cheapest password hashing the
 * configuration allows, so registering bench users takes milliseconds.
 *
 * PGlite by default; with a Postgres URL the bench works in a schema of its
 * own (chosen through the URL's libpq `options`, as an operator could write
 * it), created here and dropped on close. With a Redis URL the bus is Redis,
 * on a channel of its own so other Ward processes are not woken.
 *
 * The key files are provisioned first, outside the data folder, as an
 * operator would; the server's warnings and errors go to stderr, so
 * `--json` output on stdout stays parseable.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { pino } from "pino";
import { RedisBus } from "../bus/redis.js";
import { loadConfig } from "../config.js";
import { loadOrCreateKeys } from "../keys.js";
import { createLogger } from "../log.js";
import { startHomeserver } from "../main.js";

export type BenchServer = {
  readonly url: string;
  readonly database: "pglite" | "postgres";
  readonly bus: "memory" | "redis";
  close(): Promise<void>;
};

export async function startBenchServer(options: { databaseUrl?: string | undefined; redisUrl?: string | undefined }): Promise<BenchServer> {
  const root = await mkdtemp(join(tmpdir(), "ward-bench-"));
  const dataDir = join(root, "data");
  const keyFile = (name: string) => ({ path: join(root, name), explicit: false });
  const cleanups: Array<() => Promise<void>> = [() => rm(root, { recursive: true, force: true })];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    let databaseUrl: string | undefined;
    if (options.databaseUrl) {
      const schema = `ward_bench_${Date.now()}_${process.pid}_${randomBytes(3).toString("hex")}`;
      await adminQuery(options.databaseUrl, `CREATE SCHEMA ${schema}`);
      cleanups.push(() => adminQuery(options.databaseUrl!, `DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      databaseUrl = withSearchPath(options.databaseUrl, schema);
    }
    await loadOrCreateKeys({ dataDir, signingKeyFile: keyFile("signing.key"), masterKeyFile: keyFile("at-rest.key") }, createLogger({ level: "silent" }));
    const config = loadConfig({
      cwd: root,
      env: {
        WARD_LISTEN: "127.0.0.1:0",
        WARD_SERVER_NAME: "bench.ward.test",
        WARD_DATA_DIR: dataDir,
        WARD_SIGNING_KEY_FILE: keyFile("signing.key").path,
        WARD_MASTER_KEY_FILE: keyFile("at-rest.key").path,
        WARD_DATABASE_URL: databaseUrl,
        WARD_REDIS_URL: options.redisUrl,
        WARD_ENABLE_REGISTRATION: "true",
        WARD_RATE_LIMITS: "false",
        // The floor config.ts allows: bench users are throwaway.
        WARD_PASSWORD_HASH_OPS_LIMIT: "1",
        WARD_PASSWORD_HASH_MEM_LIMIT: "8MiB",
      },
    });
    const logger = createLogger({ level: "warn", destination: pino.destination({ dest: 2, sync: false }) });
    const redisUrl = options.redisUrl;
    const channel = `ward:bench:${randomBytes(6).toString("hex")}`;
    const server = await startHomeserver(config, {
      logger,
      ...(redisUrl ? { openBus: () => RedisBus.connect({ url: redisUrl, channel }) } : {}),
    });
    cleanups.push(() => server.close());
    return {
      url: server.url,
      database: databaseUrl ? "postgres" : "pglite",
      bus: redisUrl ? "redis" : "memory",
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
