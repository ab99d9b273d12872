/**
 * Reads that many requests make at the same moment, gathered into one
 * statement. One message in a channel wakes every member's /sync long-poll
 * in the same turn of the event loop, and each would send the same few
 * statements with only its own user ID different. Per statement the cost
 * was the round trip (a socket write, Postgres binding and planning), not
 * the work: the benchmark's profile showed one third of the server's busy
 * time in `writev`. Gathered, a thousand woken long-polls send a handful
 * of statements instead of thousands.
 *
 * A batched read goes out once the promise callbacks running now are done
 * (DataLoader's default), or at the end of the turn of the event loop
 * (BatchOptions.window); calls made meanwhile go out with it.
 *
 * Only outside a transaction: a transaction's reads must see its own writes
 * and run on its connection, so there the read runs alone at once.
 *
 * A batched read runs after the call that asked for it, never before, so it
 * sees at least what the caller could have seen: a caller that registered a
 * listener and then asked still finds everything committed after the
 * listener (sync-service.ts relies on that).
 */
import DataLoader from "dataloader";
import type { SqlExecutor, Transaction } from "./database.js";

/** Reads the values for `keys`, one per key and in their order, in one statement. */
export type BatchLoad<K, V> = (q: SqlExecutor, keys: readonly K[]) => Promise<readonly V[]>;

export type BatchOptions<K> = {
  /**
   * Calls with the same identity, made before the batch goes out, share one
   * read: the key is sent once and every caller gets the same value, which
   * they must not change.
   */
  identity?: (key: K) => string;
  /** Keys per statement; larger batches are split and run side by side on the pool's connections. */
  maxBatch?: number;
  /**
   * How long calls are gathered. "microtasks" (the default): until the
   * promise callbacks running now are done, so the long-polls one wake-up
   * resumes, and each step they then take together, share a statement
   * while a lone request waits for nothing. "turn": until the end of this
   * turn of the event loop, so requests arriving on different sockets
   * together are gathered too, at the cost of one turn for a lone one.
   */
  window?: "microtasks" | "turn";
};

/** Postgres runs one statement on one core: a few batches side by side use the others. */
const DEFAULT_MAX_BATCH = 250;

export type BatchedRead<K, V> = (q: SqlExecutor, key: K) => Promise<V>;

export function batchedRead<K, V>(load: BatchLoad<K, V>, options: BatchOptions<K> = {}): BatchedRead<K, V> {
  const loaders = new WeakMap<SqlExecutor, DataLoader<K, V, string>>();
  const loaderFor = (q: SqlExecutor): DataLoader<K, V, string> => {
    let loader = loaders.get(q);
    if (!loader) {
      const created: DataLoader<K, V, string> = new DataLoader<K, V, string>(
        (keys) => {
          // Identical calls share a read only while it has not gone out: a later call reads again.
          created.clearAll();
          return load(q, keys);
        },
        {
          ...(options.window === "turn" ? { batchScheduleFn: (dispatch: () => void) => setImmediate(dispatch) } : {}),
          maxBatchSize: options.maxBatch ?? DEFAULT_MAX_BATCH,
          cache: options.identity !== undefined,
          ...(options.identity ? { cacheKeyFn: options.identity } : {}),
        },
      );
      loaders.set(q, (loader = created));
    }
    return loader;
  };
  return async (q, key) => {
    if (inTransaction(q)) return (await load(q, [key]))[0] as V;
    return loaderFor(q).load(key);
  };
}

function inTransaction(q: SqlExecutor): q is Transaction {
  return (q as Partial<Transaction>).inTransaction === true;
}
