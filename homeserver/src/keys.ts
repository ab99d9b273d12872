/**
 * The server's two secrets, loaded once at start-up:
 *
 * - `signing.key`: ed25519 keys that sign events and federation requests,
 *   Synapse's one-line format `ed25519 <version> <unpadded base64 seed>`
 *   (parsing and formatting live in @ward/protocol, signing/keys.ts).
 * - `at-rest.key`: the key-encryption keys (KEKs) of encryption at rest, one
 *   line each, `xchacha20poly1305 <key id> <base64 32-byte key>`. They wrap
 *   the data keys stored in the database (crypto/at-rest.ts), never data
 *   itself. The first line wraps new data keys; later lines are kept to
 *   unwrap data keys wrapped under them until `at-rest rewrap` has moved
 *   those to the first. WARD_MASTER_KEY may hold the same lines instead of a
 *   file (container secrets).
 *
 * On the first start both are generated into the data folder so `npm start`
 * needs no set-up; production keys belong outside it (WARD_SIGNING_KEY_FILE,
 * WARD_MASTER_KEY_FILE or WARD_MASTER_KEY), so a copy of the database folder
 * is not also a copy of the key that decrypts it. A key named explicitly is
 * never generated: a missing mount must stop the server, not mint a new key
 * that cannot read the existing data.
 */
import { randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import { dirname, relative, isAbsolute } from "node:path";
import {
  decodeBase64,
  encodeUnpaddedBase64,
  formatSigningKeyFile,
  parseSigningKeyFile,
  randomKeyVersion,
  signingKeyFromSeed,
  sodiumReady as protocolSodiumReady,
  type SigningKey,
} from "@ward/protocol";
import type { Config, KeyFile } from "./config.js";
import { sodium, sodiumReady } from "./crypto/sodium.js";
import type { Logger } from "./log.js";

export type { SigningKey };

export const AT_REST_ALGORITHM = "xchacha20poly1305";
export const AT_REST_KEY_BYTES = 32;

export type AtRestKey = { readonly keyId: string; readonly key: Uint8Array };

export type ServerKeys = {
  /** Signs new events and requests: the first key in the file. */
  readonly signing: SigningKey;
  readonly signingKeys: readonly SigningKey[];
  /** The KEK that wraps new data keys: the first key in the file. */
  readonly atRest: AtRestKey;
  /** Every KEK, by key id, to unwrap data keys wrapped under older ones. */
  readonly atRestKeys: ReadonlyMap<string, AtRestKey>;
};

/** A key file is missing, unreadable or malformed: start-up stops with this message. */
export class KeyFileError extends Error {
  override readonly name = "KeyFileError";
}

type KeyConfig = Pick<Config, "dataDir" | "signingKeyFile" | "masterKeyFile"> & Partial<Pick<Config, "masterKey">>;

export async function loadOrCreateKeys(config: KeyConfig, log: Logger): Promise<ServerKeys> {
  await Promise.all([sodiumReady(), protocolSodiumReady()]);
  const signingKeys = await loadOrCreate(config.signingKeyFile, "WARD_SIGNING_KEY_FILE", log, newSigningKeyFile, (text, path) => {
    try {
      return parseSigningKeyFile(text);
    } catch (err) {
      throw new KeyFileError(`signing key file '${path}' is malformed: ${(err as Error).message}`);
    }
  });
  const atRestList =
    config.masterKey !== undefined
      ? inlineAtRestKeys(config.masterKey)
      : await loadOrCreate(config.masterKeyFile, "WARD_MASTER_KEY_FILE", log, newAtRestKeyFile, parseAtRestKeyFile);
  const files = config.masterKey !== undefined ? [config.signingKeyFile] : [config.signingKeyFile, config.masterKeyFile];
  const inside = files.filter((f) => isInside(config.dataDir, f.path));
  if (inside.length > 0) {
    log.warn(
      { files: inside.map((f) => f.path) },
      "keys are stored in the data folder; in production keep them outside it (set WARD_SIGNING_KEY_FILE and WARD_MASTER_KEY_FILE)",
    );
  }
  return Object.freeze({
    signing: signingKeys[0]!,
    signingKeys: Object.freeze(signingKeys),
    atRest: atRestList[0]!,
    atRestKeys: new Map(atRestList.map((k) => [k.keyId, k])),
  });
}

async function loadOrCreate<K>(
  file: KeyFile,
  setting: string,
  log: Logger,
  generate: () => string,
  parse: (text: string, path: string) => K[],
): Promise<K[]> {
  let text = await readKeyFile(file.path);
  if (text === undefined) {
    if (file.explicit) throw new KeyFileError(`${setting} points to '${file.path}', which does not exist`);
    const created = await writeNewKeyFile(file.path, generate());
    text = created.text;
    if (created.won) log.warn({ file: file.path }, "generated a new key file");
  } else {
    await warnIfShared(file.path, log);
  }
  const keys = parse(text, file.path);
  if (keys.length === 0) throw new KeyFileError(`key file '${file.path}' holds no keys`);
  return keys;
}

async function readKeyFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new KeyFileError(`cannot read key file '${path}': ${code ?? (err as Error).message}`);
  }
}

/**
 * Publishes a fully written key file atomically: write a private temp file,
 * then link() it into place. When two processes start together on an empty
 * data folder, exactly one link succeeds and the other adopts the winner's
 * keys, so replicas never sign or encrypt with a key that exists nowhere on disk.
 */
async function writeNewKeyFile(path: string, text: string): Promise<{ text: string; won: boolean }> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o600, flag: "wx" });
    await chmod(temp, 0o600); // the umask may only narrow the mode; make it exact anyway
    await link(temp, path);
    return { text, won: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new KeyFileError(`cannot write key file '${path}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const existing = await readKeyFile(path);
    if (existing === undefined) throw new KeyFileError(`key file '${path}' vanished while starting`);
    return { text: existing, won: false };
  } finally {
    await unlink(temp).catch(() => {});
  }
}

async function warnIfShared(path: string, log: Logger): Promise<void> {
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) log.warn({ file: path, mode: (mode & 0o777).toString(8) }, "key file is readable by other users; chmod 600 it");
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

function newSigningKeyFile(): string {
  const seed = sodium().randombytes_buf(32);
  return formatSigningKeyFile([signingKeyFromSeed(seed, randomKeyVersion())]);
}

const KEY_ID = /^[A-Za-z0-9_]{1,32}$/;

function newAtRestKeyFile(): string {
  const id = `k_${encodeUnpaddedBase64(sodium().randombytes_buf(6)).replace(/[^A-Za-z0-9]/g, "x")}`;
  return formatAtRestKeyFile([{ keyId: id, key: sodium().randombytes_buf(AT_REST_KEY_BYTES) }]);
}

function inlineAtRestKeys(text: string): AtRestKey[] {
  const keys = parseAtRestKeys(text, (line) => `WARD_MASTER_KEY line ${line}`);
  if (keys.length === 0) throw new KeyFileError("WARD_MASTER_KEY holds no keys");
  return keys;
}

export function formatAtRestKeyFile(keys: readonly AtRestKey[]): string {
  const header = "# Ward at-rest keys. The first key encrypts new data; keep older keys to read older data.\n";
  return header + keys.map((k) => `${AT_REST_ALGORITHM} ${k.keyId} ${encodeUnpaddedBase64(k.key)}\n`).join("");
}

/** Lines `<algorithm> <key id> <base64 key>`; blank lines and `#` comments are skipped. */
export function parseAtRestKeyFile(text: string, path: string): AtRestKey[] {
  return parseAtRestKeys(text, (line) => `at-rest key file '${path}' line ${line}`);
}

/** Messages name the line, never quote it: it holds a key. */
function parseAtRestKeys(text: string, whereOf: (line: number) => string): AtRestKey[] {
  const keys: AtRestKey[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const where = whereOf(i + 1);
    const fields = line.split(/\s+/);
    if (fields.length !== 3) throw new KeyFileError(`${where}: expected '${AT_REST_ALGORITHM} <key id> <base64 key>'`);
    const [algorithm, keyId, encoded] = fields as [string, string, string];
    if (algorithm !== AT_REST_ALGORITHM) throw new KeyFileError(`${where}: unsupported algorithm '${algorithm}'`);
    if (!KEY_ID.test(keyId)) throw new KeyFileError(`${where}: key id must be 1-32 letters, digits or '_'`);
    if (keys.some((k) => k.keyId === keyId)) throw new KeyFileError(`${where}: key id '${keyId}' appears twice`);
    let key: Uint8Array;
    try {
      key = decodeBase64(encoded);
    } catch {
      throw new KeyFileError(`${where}: the key is not valid base64`);
    }
    if (key.length !== AT_REST_KEY_BYTES) throw new KeyFileError(`${where}: the key must be ${AT_REST_KEY_BYTES} bytes, got ${key.length}`);
    keys.push({ keyId, key });
  }
  return keys;
}
