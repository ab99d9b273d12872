/**
 * Opens the configured database and brings its schema up to date:
 * Postgres when WARD_DATABASE_URL is set, otherwise embedded PGlite in
 * `<data>/db` (its first start runs initdb, which takes a few seconds).
 *
 * The database is opened with the at-rest cipher, loaded after the
 * migrations: its data keys live in the database, wrapped by the master key
 * (KEK) from `keys`. A KEK that cannot unwrap them stops start-up here.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "./config.js";
import { AtRestCipher } from "./crypto/at-rest.js";
import { loadOrCreateKeys, type ServerKeys } from "./keys.js";
import type { Logger } from "./log.js";
import type { Database } from "./store/database.js";
import { migrate } from "./store/migrate.js";
import { openPgDatabase } from "./store/pg.js";
import { openPgliteDatabase } from "./store/pglite.js";

/** `keys` defaults to loading them from the configuration (tools that do not load them otherwise). */
export async function openConfiguredDatabase(config: Config, logger: Logger, keys?: ServerKeys): Promise<Database> {
  const atRest = new AtRestCipher(keys ?? (await loadOrCreateKeys(config, logger)), {
    onRefreshError: (err) => logger.warn({ err }, "could not re-read the at-rest data keys; retrying"),
  });
  const db = config.databaseUrl
    ? await openPgDatabase(config.databaseUrl, { atRest, onIdleError: (err) => logger.warn({ err }, "idle database connection failed") })
    : await openEmbedded(join(config.dataDir, "db"), atRest, logger);
  try {
    const { applied, unknown } = await migrate(db);
    if (applied.length > 0) logger.info({ applied }, "database schema migrated");
    if (unknown.length > 0) logger.warn({ unknown }, "the database has migrations this release does not know: a newer Ward has used it");
    await atRest.load(db);
    logger.info({ dataKey: atRest.activeKeyId }, "at-rest encryption ready");
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

async function openEmbedded(dir: string, atRest: AtRestCipher, logger: Logger): Promise<Database> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  logger.info({ dir }, "opening embedded database (PGlite; a first start runs initdb and can take a while)");
  return openPgliteDatabase(dir, { atRest });
}
