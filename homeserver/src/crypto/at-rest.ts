/**
 * The at-rest cipher: the unwrapped data keys (DEKs) of data_keys, held in
 * memory, sealing new rows under the active one and opening rows under any.
 * The Database carries it (`db.atRest`, also on every transaction), so code
 * that reads or writes a sealed column reaches it through the executor it
 * already has; there is no module-level keyring.
 *
 * Sealing and opening are synchronous (libsodium on short strings) so the
 * hot paths (pduOf, /sync) stay free of extra awaits. Loading is not: a row
 * under a DEK this process has not seen (another process rotated) is made
 * known first with `knowKeys`, which re-reads data_keys once; and every
 * `refreshMs` the active DEK is checked, so a rotation reaches every process
 * for new writes within that time.
 */
import type { Database, SqlExecutor } from "../store/database.js";
import { dataKeysTable } from "../store/tables/data-keys.js";
import { aeadOpenText, aeadSeal, associatedData } from "./aead.js";
import { ensureActiveDataKey, unwrapDataKey, type KeyEncryptionKeys } from "./data-keys.js";
import { sodium } from "./sodium.js";

/** A body as a row stores it: sealed under `keyId`, or (rows from before encryption at rest, keyId null) plaintext. */
export type StoredBody = { readonly keyId: string | null; readonly sealed: Uint8Array | null; readonly plain: string | null };

/** A freshly sealed body: a StoredBody too, so a new row and the same row read back look alike. */
export type Sealed = { readonly keyId: string; readonly sealed: Uint8Array; readonly plain: null };

/**
 * A sealed value did not open: altered, copied from another row, or under a
 * key that is gone. Never answered with the wrong plaintext; the request
 * fails with a generic 500. The message names the row, never its content.
 */
export class SealedDataError extends Error {
  override readonly name = "SealedDataError";
}

export type AtRestCipherOptions = {
  /** How often the active DEK is re-read (ms); 0: never (tests call `refresh`). Default 5 s. */
  refreshMs?: number;
  /** A periodic refresh failed (database unreachable): reported, retried at the next tick. */
  onRefreshError?: (err: unknown) => void;
  clock?: () => number;
};

export const DEFAULT_REFRESH_MS = 5_000;

export class AtRestCipher {
  private readonly keys = new Map<string, Uint8Array>();
  private active: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly keks: KeyEncryptionKeys,
    private readonly options: AtRestCipherOptions = {},
  ) {}

  /**
   * Start-up, after migrations: creates the first DEK if there is none,
   * unwraps every DEK (throwing KeyFileError when the KEKs cannot), and
   * starts the periodic refresh. Calling it again reloads.
   */
  async load(db: Database): Promise<void> {
    await ensureActiveDataKey(db, this.keks, (this.options.clock ?? Date.now)());
    await this.reload(db);
    const every = this.options.refreshMs ?? DEFAULT_REFRESH_MS;
    if (every > 0 && !this.timer) {
      this.timer = setInterval(() => {
        this.refresh(db).catch((err: unknown) => this.options.onRefreshError?.(err));
      }, every);
      this.timer.unref();
    }
  }

  /** Picks up a rotation made by another process: reloads when the active DEK changed. */
  async refresh(q: SqlExecutor): Promise<void> {
    const active = await dataKeysTable.activeKeyId(q);
    if (active !== null && (active !== this.active || !this.keys.has(active))) await this.reload(q);
  }

  /** Makes sure every given key ID is loaded, re-reading data_keys once if one is not. */
  async knowKeys(q: SqlExecutor, keyIds: Iterable<string | null>): Promise<void> {
    for (const keyId of keyIds) {
      if (keyId !== null && !this.keys.has(keyId)) {
        await this.reload(q);
        return;
      }
    }
  }

  get activeKeyId(): string {
    if (this.active === undefined) throw new Error("the at-rest cipher has no data key: load() it after migrating");
    return this.active;
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** Seals under the active DEK; `context` (the row's IDs) must be given again to open. */
  seal(plaintext: string, context: readonly string[]): Sealed {
    const keyId = this.activeKeyId;
    return { keyId, sealed: aeadSeal(this.keys.get(keyId)!, plaintext, associatedData(context)), plain: null };
  }

  /**
   * A 32-byte key for one object, derived from data key `keyId` (keyed
   * BLAKE2b over the context): media files are sealed with secretstream
   * under such keys, so each file has its own key and the DEK itself never
   * leaves this class. Throws SealedDataError for a DEK this process lacks.
   */
  deriveKey(keyId: string, context: readonly string[]): Uint8Array {
    const key = this.keys.get(keyId);
    if (!key) throw new SealedDataError(`${context.join("/")}: sealed under data key '${keyId}', which this process does not have`);
    return sodium().crypto_generichash(32, associatedData(["derived", ...context]), key);
  }

  /** The plaintext of a stored body; a legacy plaintext row is returned as it is. */
  open(body: StoredBody, context: readonly string[], what: string): string {
    if (body.keyId === null) {
      if (body.plain === null) throw new SealedDataError(`${what}: row holds neither plaintext nor a key ID`);
      return body.plain;
    }
    const key = this.keys.get(body.keyId);
    if (!key) throw new SealedDataError(`${what}: sealed under data key '${body.keyId}', which this process does not have`);
    const text = body.sealed === null ? undefined : aeadOpenText(key, body.sealed, associatedData(context));
    if (text === undefined) throw new SealedDataError(`${what}: sealed data failed authentication (altered, or moved from another row)`);
    return text;
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async reload(q: SqlExecutor): Promise<void> {
    let active: string | undefined;
    // DEKs are never deleted, so the map only grows; rows already unwrapped are not unwrapped again.
    for (const row of await dataKeysTable.all(q)) {
      if (!this.keys.has(row.keyId)) this.keys.set(row.keyId, unwrapDataKey(row, this.keks));
      if (row.active) active = row.keyId;
    }
    if (active !== undefined) this.active = active;
  }
}
