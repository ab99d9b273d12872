/**
 * One typed configuration, read once at start-up from the environment and an
 * optional JSON file (path in WARD_CONFIG_FILE; the environment wins), checked
 * once, then frozen. Nothing else in the homeserver reads process.env, so a
 * bad value stops start-up here with a message naming the setting to fix,
 * instead of surfacing later as a confusing runtime error.
 *
 * The config file holds the same settings as the environment, keyed by the
 * variable name without `WARD_`, lowercased: `{"listen": "0.0.0.0:8008",
 * "server_name": "example.org", "rate_limits": false}`. Relative paths in the
 * file are relative to the file's folder; relative paths in the environment
 * are relative to the working directory.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { isServerName } from "@ward/protocol";
import { ConfigError, parseBool, parseListen, parseLogLevel, parseMimeTypeList, parseNumber, parseSize, parseUrl, type Listen, type LogLevel } from "./config-parse.js";

export { ConfigError, type Listen, type LogLevel };

export type KeyFile = {
  readonly path: string;
  /** Set by the operator (WARD_SIGNING_KEY_FILE / WARD_MASTER_KEY_FILE): never generated, must exist. */
  readonly explicit: boolean;
};

export type RateLimitConfig = {
  readonly enabled: boolean;
  /** Sustained requests per second per user (or per IP when unauthenticated), on rate-limited endpoints. */
  readonly perSecond: number;
  /** Bucket size: how many requests may arrive at once before the sustained rate applies. */
  readonly burst: number;
};

export type Config = {
  readonly listen: Listen;
  readonly serverName: string;
  /** Absolute. */
  readonly dataDir: string;
  /** Postgres URL; undefined means embedded PGlite in `<dataDir>/db`. */
  readonly databaseUrl: string | undefined;
  /** Redis URL; undefined means the in-process bus (one homeserver process). */
  readonly redisUrl: string | undefined;
  readonly enableRegistration: boolean;
  readonly rateLimits: RateLimitConfig;
  readonly logLevel: LogLevel;
  readonly signingKeyFile: KeyFile;
  /** The at-rest key-encryption keys (KEKs): this file, unless masterKey is set. */
  readonly masterKeyFile: KeyFile;
  /** The KEKs given inline (WARD_MASTER_KEY, the file's format, for container secrets); a secret: never logged. */
  readonly masterKey: string | undefined;
  /** Largest JSON request body accepted (media has its own limit). */
  readonly jsonBodyLimit: number;
  /** Trust X-Forwarded-For (only behind a reverse proxy that sets it). */
  readonly trustProxy: boolean;
  /** How long SIGTERM waits for in-flight requests before closing connections. */
  readonly shutdownTimeoutMs: number;
  /** argon2id cost for new password hashes (existing hashes carry their own and are upgraded at login). */
  readonly passwordHashing: PasswordHashing;
  /** Built-in HTTPS (WARD_TLS_CERT + WARD_TLS_KEY); undefined serves plain HTTP (behind a TLS proxy). */
  readonly tls: TlsFiles | undefined;
  /** A session ends this long after sign-in whatever the activity; 0 means no absolute limit (the idle timeout still applies). */
  readonly sessionMaxLifetimeMs: number;
  /** The invitees of a new direct conversation who are users of this server join it at once (WARD_DIRECT_AUTO_JOIN). */
  readonly directAutoJoin: boolean;
  /** Attachments (services/media). */
  readonly media: MediaConfig;
};

export type MediaConfig = {
  /** Absolute: the folder of the sealed media files (WARD_MEDIA_DIR, default `<dataDir>/media`). */
  readonly dir: string;
  /** Largest upload in bytes (WARD_MEDIA_MAX_UPLOAD_SIZE); also the `m.upload.size` clients are told. */
  readonly maxUploadBytes: number;
  /** Bytes each user may have uploaded in total (WARD_MEDIA_QUOTA_PER_USER); 0: no quota. */
  readonly quotaBytes: number;
  /** Media types refused at upload, recognised from the bytes or declared by the client (WARD_MEDIA_DENY_TYPES). */
  readonly denyTypes: readonly string[];
};

/** Executables (Windows PE and installers, ELF, Mach-O, Java archives): nothing a practice shares as an attachment. */
export const DEFAULT_MEDIA_DENY_TYPES: readonly string[] = Object.freeze([
  "application/x-msdownload",
  "application/vnd.microsoft.portable-executable",
  "application/x-dosexec",
  "application/x-msi",
  "application/x-elf",
  "application/x-executable",
  "application/x-sharedlib",
  "application/x-mach-binary",
  "application/java-archive",
]);

export type TlsFiles = {
  /** PEM certificate chain, absolute path. */
  readonly certFile: string;
  /** PEM private key, absolute path. */
  readonly keyFile: string;
};

export type PasswordHashing = {
  /** Passes over memory (libsodium opslimit). */
  readonly opsLimit: number;
  /** Bytes of memory per hash (libsodium memlimit). */
  readonly memLimit: number;
};

/** Every setting, by its environment variable name. The file uses the same names minus `WARD_`, lowercased. */
const SETTINGS = [
  "WARD_LISTEN",
  "WARD_SERVER_NAME",
  "WARD_DATA_DIR",
  "WARD_DATABASE_URL",
  "WARD_REDIS_URL",
  "WARD_ENABLE_REGISTRATION",
  "WARD_RATE_LIMITS",
  "WARD_RATE_LIMIT_PER_SECOND",
  "WARD_RATE_LIMIT_BURST",
  "WARD_LOG_LEVEL",
  "WARD_SIGNING_KEY_FILE",
  "WARD_MASTER_KEY_FILE",
  "WARD_MASTER_KEY",
  "WARD_JSON_BODY_LIMIT",
  "WARD_TRUST_PROXY",
  "WARD_SHUTDOWN_TIMEOUT_MS",
  "WARD_PASSWORD_HASH_OPS_LIMIT",
  "WARD_PASSWORD_HASH_MEM_LIMIT",
  "WARD_TLS_CERT",
  "WARD_TLS_KEY",
  "WARD_SESSION_MAX_LIFETIME_MS",
  "WARD_DIRECT_AUTO_JOIN",
  "WARD_MEDIA_DIR",
  "WARD_MEDIA_MAX_UPLOAD_SIZE",
  "WARD_MEDIA_QUOTA_PER_USER",
  "WARD_MEDIA_DENY_TYPES",
] as const;
type Setting = (typeof SETTINGS)[number];

/**
 * A raw value and where it came from: relative paths resolve against `base`,
 * and error messages name the setting the way the operator wrote it.
 */
type Raw = { value: string; base: string; label: string };

export type LoadConfigOptions = {
  env?: Record<string, string | undefined>;
  /** Base for relative paths given in the environment; defaults to process.cwd(). */
  cwd?: string;
};

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const raw = new Map<Setting, Raw>();
  const file = env.WARD_CONFIG_FILE;
  if (file !== undefined && file !== "") {
    for (const [name, value] of readConfigFile(resolve(cwd, file))) raw.set(name, value);
  }
  for (const name of SETTINGS) {
    const value = env[name];
    // An empty variable counts as unset: `WARD_REDIS_URL=` in a compose file means "no Redis".
    if (value !== undefined && value !== "") raw.set(name, { value, base: cwd, label: name });
  }
  return buildConfig(raw, cwd);
}

function buildConfig(raw: Map<Setting, Raw>, cwd: string): Config {
  const str = (name: Setting) => raw.get(name)?.value;
  const label = (name: Setting) => raw.get(name)?.label ?? name;
  const path = (name: Setting, fallback: string) => {
    const r = raw.get(name);
    return r ? resolve(r.base, r.value) : fallback;
  };
  const dataDir = path("WARD_DATA_DIR", resolve(cwd, "data"));
  const keyFile = (name: Setting, defaultName: string): KeyFile =>
    raw.has(name) ? { path: path(name, ""), explicit: true } : { path: resolve(dataDir, defaultName), explicit: false };

  const serverName = str("WARD_SERVER_NAME") ?? "localhost";
  if (!isServerName(serverName)) {
    throw new ConfigError(`${label("WARD_SERVER_NAME")} must be a server name like example.org or example.org:8448, got '${serverName}'`);
  }
  const databaseUrl = parseUrl(label("WARD_DATABASE_URL"), str("WARD_DATABASE_URL"), ["postgres:", "postgresql:"]);
  const redisUrl = parseUrl(label("WARD_REDIS_URL"), str("WARD_REDIS_URL"), ["redis:", "rediss:"]);

  const config: Config = {
    listen: parseListen(label("WARD_LISTEN"), str("WARD_LISTEN") ?? "127.0.0.1:8008"),
    serverName,
    dataDir,
    databaseUrl,
    redisUrl,
    enableRegistration: parseBool(label("WARD_ENABLE_REGISTRATION"), str("WARD_ENABLE_REGISTRATION"), false),
    rateLimits: Object.freeze({
      enabled: parseBool(label("WARD_RATE_LIMITS"), str("WARD_RATE_LIMITS"), true),
      perSecond: parseNumber(label("WARD_RATE_LIMIT_PER_SECOND"), str("WARD_RATE_LIMIT_PER_SECOND"), 10, { min: 0.001, max: 1e6 }),
      burst: parseNumber(label("WARD_RATE_LIMIT_BURST"), str("WARD_RATE_LIMIT_BURST"), 50, { min: 1, max: 1e6, integer: true }),
    }),
    logLevel: parseLogLevel(label("WARD_LOG_LEVEL"), str("WARD_LOG_LEVEL") ?? "info"),
    signingKeyFile: Object.freeze(keyFile("WARD_SIGNING_KEY_FILE", "signing.key")),
    masterKeyFile: Object.freeze(keyFile("WARD_MASTER_KEY_FILE", "at-rest.key")),
    masterKey: str("WARD_MASTER_KEY"),
    jsonBodyLimit: parseSize(label("WARD_JSON_BODY_LIMIT"), str("WARD_JSON_BODY_LIMIT"), 1024 * 1024),
    trustProxy: parseBool(label("WARD_TRUST_PROXY"), str("WARD_TRUST_PROXY"), false),
    shutdownTimeoutMs: parseNumber(label("WARD_SHUTDOWN_TIMEOUT_MS"), str("WARD_SHUTDOWN_TIMEOUT_MS"), 10_000, { min: 0, max: 600_000, integer: true }),
    // libsodium's INTERACTIVE preset (2 passes, 64 MiB): about 0.2-0.4 s per hash here, run off the event loop.
    passwordHashing: Object.freeze({
      opsLimit: parseNumber(label("WARD_PASSWORD_HASH_OPS_LIMIT"), str("WARD_PASSWORD_HASH_OPS_LIMIT"), 2, { min: 1, max: 10, integer: true }),
      memLimit: parseSize(label("WARD_PASSWORD_HASH_MEM_LIMIT"), str("WARD_PASSWORD_HASH_MEM_LIMIT"), 64 * 1024 ** 2),
    }),
    tls: tlsFiles(raw.has("WARD_TLS_CERT") ? path("WARD_TLS_CERT", "") : undefined, raw.has("WARD_TLS_KEY") ? path("WARD_TLS_KEY", "") : undefined),
    sessionMaxLifetimeMs: parseNumber(label("WARD_SESSION_MAX_LIFETIME_MS"), str("WARD_SESSION_MAX_LIFETIME_MS"), 0, { min: 0, max: 366 * 24 * 3_600_000, integer: true }),
    directAutoJoin: parseBool(label("WARD_DIRECT_AUTO_JOIN"), str("WARD_DIRECT_AUTO_JOIN"), true),
    media: Object.freeze({
      dir: path("WARD_MEDIA_DIR", resolve(dataDir, "media")),
      maxUploadBytes: parseSize(label("WARD_MEDIA_MAX_UPLOAD_SIZE"), str("WARD_MEDIA_MAX_UPLOAD_SIZE"), 50 * 1024 ** 2),
      // 0 turns the quota off; otherwise at least one largest upload must fit.
      quotaBytes: parseSize(label("WARD_MEDIA_QUOTA_PER_USER"), str("WARD_MEDIA_QUOTA_PER_USER"), 1024 ** 3, { min: 0, max: 1024 ** 4 }),
      denyTypes: Object.freeze(parseMimeTypeList(label("WARD_MEDIA_DENY_TYPES"), str("WARD_MEDIA_DENY_TYPES"), DEFAULT_MEDIA_DENY_TYPES)),
    }),
  };
  if (config.media.quotaBytes !== 0 && config.media.quotaBytes < config.media.maxUploadBytes) {
    throw new ConfigError(
      `${label("WARD_MEDIA_QUOTA_PER_USER")} must be 0 (no quota) or at least WARD_MEDIA_MAX_UPLOAD_SIZE (${config.media.maxUploadBytes} bytes), got '${str("WARD_MEDIA_QUOTA_PER_USER")}'`,
    );
  }
  if (config.sessionMaxLifetimeMs > 0 && config.sessionMaxLifetimeMs < MIN_SESSION_LIFETIME_MS) {
    throw new ConfigError(`${label("WARD_SESSION_MAX_LIFETIME_MS")} must be 0 (no limit) or at least ${MIN_SESSION_LIFETIME_MS} (5 minutes), got '${str("WARD_SESSION_MAX_LIFETIME_MS")}'`);
  }
  // Below 8 MiB argon2id no longer resists GPU cracking (tests build their Config directly to go lower).
  if (config.passwordHashing.memLimit < 8 * 1024 ** 2) {
    throw new ConfigError(`${label("WARD_PASSWORD_HASH_MEM_LIMIT")} must be at least 8MiB, got '${str("WARD_PASSWORD_HASH_MEM_LIMIT")}'`);
  }
  // Two sources for one key would leave the operator unsure which one the data is sealed under.
  if (config.masterKey !== undefined && config.masterKeyFile.explicit) {
    throw new ConfigError(`set ${label("WARD_MASTER_KEY")} or ${label("WARD_MASTER_KEY_FILE")}, not both`);
  }
  if (config.signingKeyFile.path === config.masterKeyFile.path) {
    throw new ConfigError(`WARD_SIGNING_KEY_FILE and WARD_MASTER_KEY_FILE must be different files, both are '${config.signingKeyFile.path}'`);
  }
  return Object.freeze(config);
}

/** Sessions shorter than the shortest idle timeout would only log people out mid-task. */
const MIN_SESSION_LIFETIME_MS = 5 * 60_000;

/** Both files or neither: half a TLS setup must not silently fall back to plain HTTP. */
function tlsFiles(certFile: string | undefined, keyFile: string | undefined): TlsFiles | undefined {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new ConfigError("WARD_TLS_CERT and WARD_TLS_KEY go together: set both (PEM certificate and private key files) or neither");
  }
  return Object.freeze({ certFile, keyFile });
}

function readConfigFile(path: string): Array<[Setting, Raw]> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`WARD_CONFIG_FILE points to '${path}', which cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file '${path}' is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConfigError(`config file '${path}' must hold a JSON object of settings, like {"server_name": "example.org"}`);
  }
  const known = new Map(SETTINGS.map((s) => [s.slice("WARD_".length).toLowerCase(), s] as const));
  const out: Array<[Setting, Raw]> = [];
  for (const [key, value] of Object.entries(json)) {
    const setting = known.get(key);
    if (!setting) {
      throw new ConfigError(`config file '${path}': unknown setting '${key}' (known: ${[...known.keys()].join(", ")})`);
    }
    if (value === null || value === "") continue; // as in the environment: empty means unset
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new ConfigError(`config file '${path}': '${key}' must be a string, number or boolean`);
    }
    out.push([setting, { value: String(value), base: dirname(path), label: `'${key}' in config file '${path}'` }]);
  }
  return out;
}
