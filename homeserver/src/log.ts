/**
 * Structured logs (pino). Ward handles PHI, so what may reach a log is
 * decided here, once, rather than trusted to every call site:
 *
 * - Keys that carry secrets or message data (authorization, access tokens,
 *   passwords, bodies, event content, ...) are replaced by "[redacted]" at any
 *   depth of a logged object, in child-logger bindings too.
 * - Strings that look like they carry a bearer token or a token query
 *   parameter are scrubbed (an error message quoting a header, a URL).
 * - Errors are logged as name, message, code and stack only: driver errors
 *   (pg's `detail`, `where`, query parameters) can quote row values.
 *
 * Call sites should still log IDs, not data: `log.info({ roomId }, "joined")`.
 */
import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./config.js";

export type { Logger };

/** Lowercased key names whose values never reach a log. */
const SECRET_KEYS = new Set([
  "authorization",
  "cookie",
  "set-cookie",
  "access_token",
  "accesstoken",
  "refresh_token",
  "refreshtoken",
  "token",
  "login_token",
  "password",
  "new_password",
  "old_password",
  "passphrase",
  "secret",
  "seed",
  "key",
  "private_key",
  "body",
  "rawbody",
  "content",
  "prev_content",
  "ciphertext",
  "plaintext",
  "topic",
  "filename",
  "file_name",
  "displayname",
  "query",
  "querystring",
]);

export const REDACTED = "[redacted]";

/** The same keys as pino redact paths, top level and one level down (plain identifiers only). */
const REDACT_PATHS = [...SECRET_KEYS].filter((k) => /^[a-z_]+$/.test(k)).flatMap((k) => [k, `*.${k}`]);

const TOKEN_IN_TEXT = /(bearer\s+)[^\s,;"']+|((?:access_token|refresh_token|login_token|token|password)=)[^&\s"']+/gi;

/** Scrubs tokens out of free text (error messages, URLs). */
export function scrubText(text: string): string {
  return text.replace(TOKEN_IN_TEXT, (_m, bearer: string | undefined, param: string | undefined) => `${bearer ?? param ?? ""}${REDACTED}`);
}

const MAX_DEPTH = 8;

/** A copy of `value` with secret keys redacted at any depth; never mutates the caller's object. */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (value instanceof Error) return serializeError(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.has(k.toLowerCase()) ? REDACTED : scrub(v, depth + 1);
  }
  return out;
}

/** Only the parts of an error that cannot carry row values or request data. */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err, message: "non-Error thrown" };
  const out: Record<string, unknown> = { type: err.name, message: scrubText(err.message) };
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") out.code = code;
  if (err.stack) out.stack = scrubText(err.stack);
  if (err.cause !== undefined && err.cause !== err) out.cause = serializeError(err.cause);
  return out;
}

const keepOrSerialize = (e: unknown) => (e instanceof Error ? serializeError(e) : e);

export type LoggerOptions = {
  level: LogLevel;
  /** Where lines go; stdout by default. Tests pass a stream to capture output. */
  destination?: DestinationStream;
};

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "ward" },
      timestamp: pino.stdTimeFunctions.isoTime,
      // formatters.log (below) already turned Errors into plain objects; these only
      // replace pino's default serializer, which would rewrite them again.
      serializers: { err: keepOrSerialize, error: keepOrSerialize },
      formatters: {
        bindings: (bindings) => scrub(bindings) as Record<string, unknown>,
        log: (object) => scrub(object) as Record<string, unknown>,
      },
      // pino applies `redact` to child-logger bindings, which the formatters above do not see.
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      // Free-text messages are scrubbed too: `log.warn(`bad header ${h}`)` must not leak a token.
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args;
          // `log.error(err)` would use err.message as the message, unscrubbed.
          if (first instanceof Error && typeof rest[0] !== "string") {
            return method.apply(this, [{ err: first }, scrubText(first.message)] as unknown as typeof args);
          }
          const scrubbed = args.map((a) => (typeof a === "string" ? scrubText(a) : a)) as typeof args;
          return method.apply(this, scrubbed);
        },
      },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
