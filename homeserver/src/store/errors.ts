/**
 * Database errors as both drivers report them. pg and PGlite both throw an
 * error carrying the SQLSTATE in `code`, so callers test codes, not classes.
 */

/** COMMIT rolled back because a statement in the transaction had failed (and the callback swallowed it). */
export class TransactionAbortedError extends Error {
  constructor() {
    super("transaction was aborted by an earlier failed statement; COMMIT rolled back");
    this.name = "TransactionAbortedError";
  }
}

/** A transaction's executor was used after it finished, or the database from inside a transaction. */
export class TransactionMisuseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransactionMisuseError";
  }
}

/** The SQLSTATE of a database error, or undefined for anything else. */
export function sqlState(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export const UNIQUE_VIOLATION = "23505";
export const FOREIGN_KEY_VIOLATION = "23503";
export const SERIALIZATION_FAILURE = "40001";
export const DEADLOCK_DETECTED = "40P01";

export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === UNIQUE_VIOLATION;
}
