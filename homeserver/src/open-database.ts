/**
 * Opens the configured database and brings its schema up to date:
 * Postgres when WARD_DATABASE_URL is set, otherwise embedded PGlite in
 * `<data>/db` (its first start runs initdb, which takes a few seconds).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import type { Database } from "./store/database.js";
import { migrate } from "./store/migrate.js";
import { openPgDatabase } from "./store/pg.js";
import { openPgliteDatabase } from "./store/pglite.js";

export async function openConfiguredDatabase(config: Config, logger: Logger): Promise<Database> {
  const db = config.databaseUrl
    ? await openPgDatabase(config.databaseUrl, { onIdleError: (err) => logger.warn({ err }, "idle database connection failed") })
    : await openEmbedded(join(config.dataDir, "db"), logger);
  try {
    const { applied, unknown } = await migrate(db);
    if (applied.length > 0) logger.info({ applied }, "database schema migrated");
    if (unknown.length > 0) logger.warn({ unknown }, "the database has migrations this release does not know: a newer Ward has used it");
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

async function openEmbedded(dir: string, logger: Logger): Promise<Database> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  logger.info({ dir }, "opening embedded database (PGlite; a first start runs initdb and can take a while)");
  return openPgliteDatabase(dir);
}
