#!/usr/bin/env node
/**
 * Start-up: config → keys → store → bus → services → app → listen, and the
 * reverse on SIGTERM/SIGINT: stop taking requests, end /sync long-polls, wait
 * for requests in flight (up to WARD_SHUTDOWN_TIMEOUT_MS), close connections,
 * bus and store, exit 0.
 *
 * `startHomeserver` is the same start-up without the process wiring, so tests
 * start real servers on 127.0.0.1:0.
 *
 * With WARD_TLS_CERT and WARD_TLS_KEY the server speaks HTTPS itself (TLS 1.2
 * or later), so a one-box install is encrypted without a proxy; responses
 * then carry HSTS (http/security-headers.ts).
 */
import { mkdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { createSecureContext } from "node:tls";
import { createApp, type WardApp } from "./app.js";
import { createBus } from "./bus/index.js";
import type { Bus } from "./bus/bus.js";
import { ConfigError, loadConfig, type Config, type TlsFiles } from "./config.js";
import type { SessionResolver } from "./http/auth.js";
import { Lifecycle } from "./http/drain.js";
import type { ApiArea } from "./http/route.js";
import { KeyFileError, loadOrCreateKeys, type ServerKeys } from "./keys.js";
import { createLogger, type Logger } from "./log.js";
import { openConfiguredDatabase } from "./open-database.js";
import type { Database } from "./store/database.js";
import { closeServices, createServices, sessionResolverOf } from "./services/index.js";
import { Notifier } from "./services/sync/notifier.js";
import { isEntrypoint } from "./entrypoint.js";

export type StartOptions = {
  logger: Logger;
  /** Defaults to Postgres (WARD_DATABASE_URL) or PGlite in `<data>/db`, migrated, with the at-rest cipher under `keys`. Tests may pass their own. */
  openDatabase?: (config: Config, logger: Logger, keys: ServerKeys) => Promise<Database>;
  /** Defaults to Redis (WARD_REDIS_URL) or the in-process bus. */
  openBus?: (config: Config, logger: Logger) => Promise<Bus>;
  /** Until the sessions service is wired, no token resolves. */
  sessionResolver?: SessionResolver;
  /** API areas to serve instead of app.ts's API_AREAS (tests). */
  areas?: readonly ApiArea[];
};

export type RunningHomeserver = {
  /** `http://host:port`, with the real port when WARD_LISTEN asked for port 0. */
  readonly url: string;
  readonly app: WardApp;
  readonly keys: ServerKeys;
  /** Drains and closes everything; safe to call more than once. */
  close(): Promise<void>;
};

const defaultBus = (config: Config, logger: Logger) =>
  createBus({ redisUrl: config.redisUrl, onError: (err) => logger.warn({ err }, "bus connection error") });

export async function startHomeserver(config: Config, options: StartOptions): Promise<RunningHomeserver> {
  const { logger } = options;
  const cleanups: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err: unknown) => logger.error({ err }, "error while closing"));
    }
  };
  try {
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    const keys = await loadOrCreateKeys(config, logger);
    const db = await (options.openDatabase ?? openConfiguredDatabase)(config, logger, keys);
    cleanups.push(() => db.close());
    const bus = await (options.openBus ?? defaultBus)(config, logger);
    cleanups.push(() => bus.close());

    const notifier = new Notifier(bus);
    cleanups.push(async () => notifier.close());
    const services = await createServices({ db, bus, config, keys, logger, clock: Date.now, notifier });
    cleanups.push(async () => closeServices(services));
    const lifecycle = new Lifecycle();
    lifecycle.onDrain(() => notifier.shutdown());
    const app = createApp(
      { config, logger, sessionResolver: options.sessionResolver ?? sessionResolverOf(services), lifecycle, services },
      options.areas ? { areas: options.areas } : {},
    );
    const server = config.tls ? createHttpsServer(await readTls(config.tls), app.callback()) : createServer(app.callback());
    await listen(server, config);
    const url = serverUrl(server);
    logger.info({ url, serverName: config.serverName, database: db.kind, bus: config.redisUrl ? "redis" : "memory" }, "listening");

    let closing: Promise<void> | undefined;
    const close = () => (closing ??= drainAndClose(server, lifecycle, config, logger, closeAll));
    return { url, app, keys, close };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.listen.port, config.listen.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function serverUrl(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  const scheme = "setSecureContext" in server ? "https" : "http";
  return `${scheme}://${address.includes(":") ? `[${address}]` : address}:${port}`;
}

/** The PEM files, read once at start-up; a file that cannot be read or used stops start-up with a message naming it. */
async function readTls(files: TlsFiles): Promise<{ cert: Buffer; key: Buffer; minVersion: "TLSv1.2" }> {
  const read = async (setting: string, path: string) => {
    try {
      return await readFile(path);
    } catch (err) {
      throw new ConfigError(`${setting} points to '${path}', which cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const options = { cert: await read("WARD_TLS_CERT", files.certFile), key: await read("WARD_TLS_KEY", files.keyFile), minVersion: "TLSv1.2" as const };
  try {
    createSecureContext(options);
  } catch (err) {
    throw new ConfigError(`WARD_TLS_CERT and WARD_TLS_KEY must be a PEM certificate and its private key: ${(err as Error).message}`);
  }
  return options;
}

async function drainAndClose(server: Server, lifecycle: Lifecycle, config: Config, logger: Logger, closeAll: () => Promise<void>): Promise<void> {
  logger.info({ inFlight: lifecycle.requestsInFlight }, "draining");
  lifecycle.beginDrain();
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  if (!(await lifecycle.waitIdle(config.shutdownTimeoutMs))) {
    logger.warn({ inFlight: lifecycle.requestsInFlight, timeoutMs: config.shutdownTimeoutMs }, "requests still running at shutdown; closing their connections");
  }
  server.closeAllConnections();
  await stopped;
  await closeAll();
  logger.info("stopped");
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`ward: configuration error: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.logLevel });
  const exit = (code: number) => logger.flush(() => process.exit(code));
  let running: RunningHomeserver;
  try {
    running = await startHomeserver(config, { logger });
  } catch (err) {
    if (err instanceof KeyFileError || err instanceof ConfigError) logger.fatal(`cannot start: ${err.message}`);
    else logger.fatal({ err }, "cannot start");
    return exit(1);
  }
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting without waiting");
      return exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    running.close().then(
      () => exit(0),
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

if (isEntrypoint(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`ward: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
