/**
 * The key hierarchy of encryption at rest: data keys (DEKs) seal rows; the
 * key-encryption keys (KEKs, WARD_MASTER_KEY_FILE / WARD_MASTER_KEY) wrap
 * the DEKs stored in data_keys. Rotating a DEK is a new row; rotating a KEK
 * is re-wrapping the rows (`rewrapDataKeys`), no data is touched.
 */
import { randomBytes } from "node:crypto";
import { KeyFileError, type AtRestKey, type ServerKeys } from "../keys.js";
import type { Database } from "../store/database.js";
import { dataKeysTable, type DataKeyRow } from "../store/tables/data-keys.js";
import { AEAD_KEY_BYTES, aeadOpen, aeadSeal, associatedData } from "./aead.js";
import { sodium } from "./sodium.js";

/** The KEKs: `atRest` wraps new DEKs, `atRestKeys` unwrap (the first line of the key file, and all of them). */
export type KeyEncryptionKeys = Pick<ServerKeys, "atRest" | "atRestKeys">;

const wrapContext = (keyId: string) => associatedData(["data_keys", keyId]);

export function newDataKeyRow(kek: AtRestKey, now: number, active: boolean): { row: DataKeyRow; key: Uint8Array } {
  const keyId = `d_${randomBytes(9).toString("base64url")}`;
  const key = sodium().randombytes_buf(AEAD_KEY_BYTES);
  return { row: { keyId, wrapped: aeadSeal(kek.key, key, wrapContext(keyId)), kekId: kek.keyId, createdTs: now, active }, key };
}

/**
 * The DEK of a row. A KEK missing from the configured ones, or one that
 * does not open the wrapped key (another key under the same ID, a changed
 * row), stops start-up: the server must not run on keys that cannot read
 * its data, nor mint new ones beside them.
 */
export function unwrapDataKey(row: DataKeyRow, keks: KeyEncryptionKeys): Uint8Array {
  const kek = keks.atRestKeys.get(row.kekId);
  if (!kek) {
    throw new KeyFileError(
      `data key '${row.keyId}' is wrapped with master key '${row.kekId}', which is not in WARD_MASTER_KEY_FILE / WARD_MASTER_KEY ` +
        `(configured: ${[...keks.atRestKeys.keys()].join(", ")}); add that key's line, or this is not the key of this database`,
    );
  }
  const key = aeadOpen(kek.key, row.wrapped, wrapContext(row.keyId));
  if (!key || key.length !== AEAD_KEY_BYTES) {
    throw new KeyFileError(`master key '${row.kekId}' cannot unwrap data key '${row.keyId}': the master key configured under that ID is a different key, or data_keys was altered`);
  }
  return key;
}

/** Creates the first DEK unless one is active; safe when several processes start at once. */
export async function ensureActiveDataKey(db: Database, keks: KeyEncryptionKeys, now: number): Promise<void> {
  if ((await dataKeysTable.activeKeyId(db)) !== null) return;
  await db.transaction(async (tx) => {
    await dataKeysTable.lock(tx);
    if ((await dataKeysTable.activeKeyId(tx)) !== null) return;
    await dataKeysTable.insert(tx, newDataKeyRow(keks.atRest, now, true).row);
  });
}

/** A new active DEK; the previous ones stay to open what they sealed. Returns the new key ID. */
export async function rotateDataKey(db: Database, keks: KeyEncryptionKeys, now: number): Promise<string> {
  return db.transaction(async (tx) => {
    await dataKeysTable.lock(tx);
    // Refuse to rotate under a KEK that cannot read the existing keys: they would be stranded.
    for (const row of await dataKeysTable.all(tx)) unwrapDataKey(row, keks);
    const { row } = newDataKeyRow(keks.atRest, now, true);
    await dataKeysTable.insert(tx, row);
    return row.keyId;
  });
}

/** Re-wraps every DEK not yet under the first KEK with it (KEK rotation). Returns how many moved. */
export async function rewrapDataKeys(db: Database, keks: KeyEncryptionKeys): Promise<number> {
  return db.transaction(async (tx) => {
    await dataKeysTable.lock(tx);
    let moved = 0;
    for (const row of await dataKeysTable.all(tx)) {
      if (row.kekId === keks.atRest.keyId) continue;
      const key = unwrapDataKey(row, keks);
      await dataKeysTable.rewrap(tx, row.keyId, aeadSeal(keks.atRest.key, key, wrapContext(row.keyId)), keks.atRest.keyId);
      moved++;
    }
    return moved;
  });
}
