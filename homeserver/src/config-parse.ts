/**
 * Parsers for single configuration values. Each takes the setting's name as
 * the operator wrote it and throws a ConfigError that says what to write
 * instead, quoting the bad value (never for URLs, which may hold passwords).
 */

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export type Listen = { readonly host: string; readonly port: number };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])$/;

/** `host:port`, `[v6]:port`; port 0 asks the OS for a free port (tests use it). */
export function parseListen(name: string, value: string): Listen {
  const bad = () => new ConfigError(`${name} must be host:port (like 127.0.0.1:8008 or [::1]:8008), got '${value}'`);
  const colon = value.lastIndexOf(":");
  if (colon <= 0) throw bad();
  const host = value.slice(0, colon);
  const portText = value.slice(colon + 1);
  if (!HOST.test(host) || !/^[0-9]{1,5}$/.test(portText)) throw bad();
  const port = Number(portText);
  if (port > 65535) throw new ConfigError(`${name} has port ${port}; a port is 0-65535`);
  // Node's listen() takes IPv6 hosts without brackets.
  return { host: host.startsWith("[") ? host.slice(1, -1) : host, port };
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

export function parseBool(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new ConfigError(`${name} must be true or false, got '${value}'`);
}

export function parseNumber(
  name: string,
  value: string | undefined,
  fallback: number,
  limits: { min: number; max: number; integer?: boolean },
): number {
  if (value === undefined) return fallback;
  const n = Number(value.trim());
  const kind = limits.integer ? "a whole number" : "a number";
  if (value.trim() === "" || !Number.isFinite(n) || (limits.integer && !Number.isInteger(n))) {
    throw new ConfigError(`${name} must be ${kind}, got '${value}'`);
  }
  if (n < limits.min || n > limits.max) throw new ConfigError(`${name} must be ${kind} from ${limits.min} to ${limits.max}, got '${value}'`);
  return n;
}

const UNITS: Record<string, number> = {
  "": 1, b: 1, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3,
};

/** "1KiB", "50MiB", "1GiB", "1024GiB": a bound as the operator would write it. */
function sizeText(bytes: number): string {
  for (const [unit, size] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Bytes: `1048576`, `512KiB`, `1MiB`, `1MB`, `2GiB`; within `bounds` (default 1KiB to 1GiB). */
export function parseSize(name: string, value: string | undefined, fallback: number, bounds: { min: number; max: number } = { min: 1024, max: 1024 ** 3 }): number {
  if (value === undefined) return fallback;
  const m = /^([0-9]+)\s*([A-Za-z]*)$/.exec(value.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new ConfigError(`${name} must be a size in bytes like 1048576, 512KiB or 1MiB, got '${value}'`);
  const bytes = Number(m[1]) * unit;
  if (bytes < bounds.min || bytes > bounds.max) throw new ConfigError(`${name} must be between ${sizeText(bounds.min)} and ${sizeText(bounds.max)}, got '${value}'`);
  return bytes;
}

const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** A comma-separated list of media types (`application/x-elf, application/x-msdownload`), lowercased; `none` for an empty list. */
export function parseMimeTypeList(name: string, value: string | undefined, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  if (value.trim().toLowerCase() === "none") return [];
  const types = value.split(",").map((v) => v.trim().toLowerCase()).filter((v) => v !== "");
  const bad = types.find((v) => !MIME_TYPE.test(v));
  if (bad !== undefined || types.length === 0) {
    throw new ConfigError(`${name} must be a comma-separated list of media types like application/x-msdownload (or none), got '${value}'`);
  }
  return [...new Set(types)];
}

export function parseLogLevel(name: string, value: string): LogLevel {
  const v = value.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(v)) return v as LogLevel;
  throw new ConfigError(`${name} must be one of ${LOG_LEVELS.join(", ")}, got '${value}'`);
}

/** A URL with one of the given schemes. The value is not echoed: it may carry a password. */
export function parseUrl(name: string, value: string | undefined, schemes: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  const expected = schemes.map((s) => `${s}//`).join(" or ");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be a ${expected} URL (the value given is not a URL)`);
  }
  if (!schemes.includes(url.protocol)) throw new ConfigError(`${name} must be a ${expected} URL, got a ${url.protocol}// URL`);
  return value;
}
