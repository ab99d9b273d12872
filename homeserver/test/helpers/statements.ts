/**
 * Counting a code path's SQL: `recordStatements(db)` is the same executor
 * (a database, or a transaction's executor) that also writes down the text
 * of every statement it runs through `query`. What the wrapped code opens
 * itself (a transaction of the database) runs unrecorded.
 */
import type { SqlExecutor } from "../../src/store/database.js";

export type RecordedStatements<Q> = {
  q: Q;
  statements: string[];
  /** Statements whose text contains `fragment`. */
  count(fragment: string): number;
  /** Forgets what was recorded so far. */
  clear(): void;
};

export function recordStatements<Q extends SqlExecutor>(q: Q): RecordedStatements<Q> {
  const statements: string[] = [];
  const proxy = new Proxy(q, {
    get(target, key) {
      if (key === "query") {
        const query: SqlExecutor["query"] = (sql, params, options) => {
          statements.push(sql);
          return target.query(sql, params, options);
        };
        return query;
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    q: proxy,
    statements,
    count: (fragment) => statements.filter((sql) => sql.includes(fragment)).length,
    clear: () => void (statements.length = 0),
  };
}
