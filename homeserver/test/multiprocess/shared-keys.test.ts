/**
 * Two replicas started at the same moment on a fresh, shared data folder
 * (docker compose `replicas: 2` on one volume) both find no key files and
 * both generate keys. Exactly one file must win, and BOTH processes must go
 * on with the keys in that file: a process that keeps the keys it generated
 * but could not write encrypts data at rest under a key that exists nowhere
 * else (unreadable by its peer, and by itself after a restart), and signs
 * with a key no one can verify.
 *
 * No external services: this is about the key files alone (keys.ts), so it
 * runs everywhere.
 */
import { readFile } from "node:fs/promises";
import t from "tap";
import { loadConfig } from "../../src/config.js";
import { loadOrCreateKeys, parseAtRestKeyFile, type ServerKeys } from "../../src/keys.js";
import { captureLogger, tempDir } from "../helpers/http.js";

const ROUNDS = 10;

t.test("two processes creating the key files at once end up with the same keys", async (t) => {
  let divergent = 0;
  let failedStarts = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const dataDir = tempDir("ward-shared-keys-");
    const config = loadConfig({ cwd: dataDir, env: { WARD_DATA_DIR: dataDir } });
    const logger = captureLogger("error").logger;
    const results = await Promise.allSettled([loadOrCreateKeys(config, logger), loadOrCreateKeys(config, logger)]);
    const keys = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    if (keys.length < 2) {
      failedStarts++;
      t.comment(`round ${round}: a start failed: ${results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok")).join(" / ")}`);
      continue;
    }
    const onDisk = parseAtRestKeyFile(await readFile(config.masterKeyFile.path, "utf8"), config.masterKeyFile.path)[0]!;
    const same = (k: ServerKeys) => k.atRest.keyId === onDisk.keyId && Buffer.from(k.atRest.key).equals(Buffer.from(onDisk.key));
    const signing = (k: ServerKeys) => k.signing.keyId;
    if (!keys.every(same) || signing(keys[0]!) !== signing(keys[1]!)) divergent++;
  }
  t.equal(failedStarts, 0, "no start fails (e.g. on reading a key file the other process is still writing)");
  t.equal(divergent, 0, `both processes use the keys in the files (${divergent} of ${ROUNDS} rounds diverged)`);
});
