/**
 * Counting a code path's SQL: `recordStatements(db)` is the same executor
 * (a database, or a transaction's executor) that also writes down the text
 * of every statement it runs through `query`. What the wrapped code opens
 * itself (a transaction of the database) runs unrecorded, unless asked
 * with `{ transactions: true }`.
 */
import type { Database, SqlExecutor, Transaction } from "../../src/store/database.js";

export type RecordedStatements<Q> = {
  q: Q;
  statements: string[];
  /** Statements whose text contains `fragment`. */
  count(fragment: string): number;
  /** Forgets what was recorded so far. */
  clear(): void;
};

export function recordStatements<Q extends SqlExecutor>(q: Q, options: { transactions?: boolean } = {}): RecordedStatements<Q> {
  const statements: string[] = [];
  const recording = <E extends SqlExecutor>(executor: E): E => new Proxy(executor, {
    get(target, key) {
      if (key === "query") {
        const query: SqlExecutor["query"] = (sql, params, queryOptions) => {
          statements.push(sql);
          return target.query(sql, params, queryOptions);
        };
        return query;
      }
      if (key === "transaction" && options.transactions) {
        const transaction: Database["transaction"] = (fn) => (target as unknown as Database).transaction((tx) => fn(recording<Transaction>(tx)));
        return transaction;
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    q: recording(q),
    statements,
    count: (fragment) => statements.filter((sql) => sql.includes(fragment)).length,
    clear: () => void (statements.length = 0),
  };
}
