/**
 * The homeservers under test: `node main.js` child processes configured
 * only through WARD_* variables, as an operator runs Ward, on a fresh data
 * folder and 127.0.0.1 with a free port. Registration is open and rate
 * limits are off (the bench is one user sending as fast as it can), and
 * password hashing is at the floor config.ts accepts (argon2id, 1 pass,
 * 8 MiB) so registering 1,000 throwaway users takes seconds, not minutes.
 *
 * Embedded PGlite and the in-process bus by default; with a Postgres URL a
 * fresh schema (chosen through the URL's libpq `options`, as an operator
 * could write it), dropped afterwards; with Redis too, several processes on
 * the one database and bus. Processes start one after another: the first
 * creates the key files in the shared data folder and migrates the schema.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { scriptArgs, spawnServer, type ChildServer } from "./child.js";

export type WardDeployment = {
  readonly servers: readonly ChildServer[];
  readonly database: "pglite" | "postgres";
  readonly bus: "memory" | "redis";
  close(): Promise<void>;
};

export type DeploymentOptions = {
  databaseUrl?: string | undefined;
  redisUrl?: string | undefined;
  processes: number;
  logLevel: string;
  /** Folder for `node --cpu-prof` profiles of the server processes. */
  cpuProfDir?: string | undefined;
};

export const PASSWORD_HASHING_NOTE = "argon2id at 1 pass / 8 MiB (WARD_PASSWORD_HASH_OPS_LIMIT=1, WARD_PASSWORD_HASH_MEM_LIMIT=8MiB, the floor config.ts accepts) for the bench's throwaway users";

export async function startWard(options: DeploymentOptions): Promise<WardDeployment> {
  if (options.processes > 1 && !(options.databaseUrl && options.redisUrl)) {
    throw new Error("more than one homeserver process needs WARD_BENCH_DATABASE_URL and WARD_BENCH_REDIS_URL (one database and bus shared by all)");
  }
  const root = await mkdtemp(join(tmpdir(), "ward-bench-"));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(root, { recursive: true, force: true })];
  const servers: ChildServer[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    let databaseUrl: string | undefined;
    if (options.databaseUrl) {
      const schema = await createSchema(options.databaseUrl);
      cleanups.push(() => adminQuery(options.databaseUrl!, `DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      databaseUrl = withSearchPath(options.databaseUrl, schema);
    }
    const env: Record<string, string> = {
      WARD_LISTEN: "127.0.0.1:0",
      WARD_SERVER_NAME: "bench.ward.test",
      WARD_DATA_DIR: join(root, "data"),
      WARD_ENABLE_REGISTRATION: "true",
      WARD_RATE_LIMITS: "false",
      WARD_LOG_LEVEL: options.logLevel,
      WARD_PASSWORD_HASH_OPS_LIMIT: "1",
      WARD_PASSWORD_HASH_MEM_LIMIT: "8MiB",
      WARD_SHUTDOWN_TIMEOUT_MS: "5000",
      ...(databaseUrl ? { WARD_DATABASE_URL: databaseUrl } : {}),
      ...(options.redisUrl ? { WARD_REDIS_URL: options.redisUrl } : {}),
    };
    const profile = options.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${resolve(options.cpuProfDir)}`] : [];
    for (let i = 0; i < options.processes; i++) {
      const server = await spawnServer(`ward #${i + 1}`, [...profile, ...scriptArgs("../main")], env);
      servers.push(server);
      cleanups.push(() => server.stop());
    }
    return { servers, database: databaseUrl ? "postgres" : "pglite", bus: options.redisUrl ? "redis" : "memory", close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The URL with the schema added to its libpq `options` (any options already there, e.g. `-c log_statement=all`, are kept). */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  const options = u.searchParams.get("options");
  u.searchParams.set("options", `${options ? `${options} ` : ""}-c search_path=${schema}`);
  return u.toString();
}

/** A fresh schema, after dropping those that bench runs which died left behind (older than an hour). */
async function createSchema(url: string): Promise<string> {
  const schema = `ward_bench_${Date.now()}_${process.pid}_${randomBytes(3).toString("hex")}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ward\\_bench\\_%'");
    for (const { nspname } of rows) {
      if (Number(/^ward_bench_(\d+)_/.exec(nspname)?.[1]) < Date.now() - 3_600_000) await client.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
    }
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return schema;
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
