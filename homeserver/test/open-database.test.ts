/**
 * No master key, no start: a missing or malformed key, or one that cannot
 * unwrap the data keys already in the database, stops start-up with a clear
 * message (and never prints the key).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import t from "tap";
import { loadConfig } from "../src/config.js";
import { loadOrCreateKeys } from "../src/keys.js";
import { startHomeserver } from "../src/main.js";
import { captureLogger, tempDir } from "./helpers/http.js";

// A PGlite data folder on disk starts with initdb: slow on a busy machine.
t.setTimeout(300_000);

const masterKeyLine = (id: string) => `xchacha20poly1305 ${id} ${randomBytes(32).toString("base64")}\n`;

function configFor(dataDir: string, env: Record<string, string> = {}) {
  return loadConfig({ env: { WARD_LISTEN: "127.0.0.1:0", WARD_DATA_DIR: dataDir, ...env }, cwd: dataDir });
}

t.test("an explicit key that is missing or malformed stops start-up", async (t) => {
  const dataDir = tempDir();
  await t.rejects(startHomeserver(configFor(dataDir, { WARD_MASTER_KEY_FILE: join(dataDir, "nope.key") }), { logger: captureLogger().logger }), {
    name: "KeyFileError",
    message: /WARD_MASTER_KEY_FILE points to '.*nope\.key', which does not exist/,
  });
  const secret = randomBytes(31).toString("base64");
  await t.rejects(startHomeserver(configFor(dataDir, { WARD_MASTER_KEY: `xchacha20poly1305 k_env ${secret}` }), { logger: captureLogger().logger }), {
    name: "KeyFileError",
    message: /^WARD_MASTER_KEY line 1: the key must be 32 bytes, got 31$/,
  });
  await t.rejects(startHomeserver(configFor(dataDir, { WARD_MASTER_KEY: "aes k_env AAAA" }), { logger: captureLogger().logger }), { message: /^WARD_MASTER_KEY line 1: unsupported algorithm/ });
  await t.rejects(startHomeserver(configFor(dataDir, { WARD_MASTER_KEY: "# only a comment" }), { logger: captureLogger().logger }), { message: "WARD_MASTER_KEY holds no keys" });
  t.throws(() => configFor(dataDir, { WARD_MASTER_KEY: masterKeyLine("k_env"), WARD_MASTER_KEY_FILE: "/run/secrets/at-rest.key" }), {
    name: "ConfigError",
    message: /set WARD_MASTER_KEY or WARD_MASTER_KEY_FILE, not both/,
  });
  t.notOk(existsSync(join(dataDir, "at-rest.key")), "an explicit key is never generated");
});

t.test("WARD_MASTER_KEY is used instead of a file, and none is generated", async (t) => {
  const dataDir = tempDir();
  const line = masterKeyLine("k_env");
  const keys = await loadOrCreateKeys(configFor(dataDir, { WARD_MASTER_KEY: line }), captureLogger().logger);
  t.equal(keys.atRest.keyId, "k_env");
  t.equal(Buffer.from(keys.atRest.key).toString("base64"), line.split(" ")[2]!.trim());
  t.notOk(existsSync(join(dataDir, "at-rest.key")));
});

t.test("a master key that cannot unwrap the database's data keys stops start-up; the right one starts it", async (t) => {
  const dataDir = tempDir();
  const logs = captureLogger();
  const first = await startHomeserver(configFor(dataDir), { logger: logs.logger });
  const original = await readFile(join(dataDir, "at-rest.key"), "utf8");
  t.ok(logs.lines().some((l) => l.msg === "at-rest encryption ready" && String(l.dataKey).startsWith("d_")));
  await first.close();

  const keyId = /^xchacha20poly1305 (\S+) /m.exec(original)![1]!;
  await writeFile(join(dataDir, "at-rest.key"), masterKeyLine(keyId));
  await t.rejects(startHomeserver(configFor(dataDir), { logger: captureLogger().logger }), {
    name: "KeyFileError",
    message: new RegExp(`master key '${keyId}' cannot unwrap data key 'd_`),
  }, "the same key ID with other key bytes");
  await writeFile(join(dataDir, "at-rest.key"), masterKeyLine("k_other"));
  await t.rejects(startHomeserver(configFor(dataDir), { logger: captureLogger().logger }), {
    name: "KeyFileError",
    message: new RegExp(`wrapped with master key '${keyId}', which is not in WARD_MASTER_KEY_FILE / WARD_MASTER_KEY \\(configured: k_other\\)`),
  }, "another key");

  // The same key given inline opens the database the file-generated key sealed.
  const again = await startHomeserver(configFor(dataDir, { WARD_MASTER_KEY: original }), { logger: captureLogger().logger });
  const res = await fetch(`${again.url}/_matrix/client/versions`);
  t.equal(res.status, 200);
  await again.close();
});
