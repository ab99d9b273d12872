/**
 * Test helpers for the HTTP layer: a config without environment, a logger
 * whose output the test can read, and an app served on 127.0.0.1:0.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type Koa from "koa";
import { loadConfig, type Config } from "../../src/config.js";
import { createLogger, type Logger } from "../../src/log.js";

export function tempDir(prefix = "ward-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({ env: { WARD_LISTEN: "127.0.0.1:0" }, cwd: tempDir() });
  return Object.freeze({ ...base, ...overrides });
}

export type CapturedLogger = { logger: Logger; lines: () => Array<Record<string, unknown>>; text: () => string };

/** A logger writing JSON lines into memory (synchronously, so tests can read them at once). */
export function captureLogger(level: Config["logLevel"] = "trace"): CapturedLogger {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const logger = createLogger({ level, destination: sink });
  const text = () => chunks.join("");
  const lines = () =>
    text()
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, text };
}

export type Served = { url: string; close: () => Promise<void> };

export async function serve(app: Koa<never> | Koa<any>): Promise<Served> {
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
