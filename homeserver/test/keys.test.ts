import t from "tap";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sodiumReady } from "@ward/protocol";
import { formatAtRestKeyFile, KeyFileError, loadOrCreateKeys, parseAtRestKeyFile } from "../src/keys.js";
import { captureLogger, tempDir } from "./helpers/http.js";

type KeyConfig = Parameters<typeof loadOrCreateKeys>[0];

/** The defaults: both files generated in the data folder. */
function configIn(dir: string, overrides: Partial<KeyConfig> = {}): KeyConfig {
  return {
    dataDir: dir,
    signingKeyFile: { path: join(dir, "signing.key"), explicit: false },
    masterKeyFile: { path: join(dir, "at-rest.key"), explicit: false },
    ...overrides,
  };
}

t.test("first start generates both key files, 0600, with a warning; later starts reuse them", async (t) => {
  const dir = join(tempDir(), "data");
  const first = captureLogger();
  const keys = await loadOrCreateKeys(configIn(dir), first.logger);
  const signingText = readFileSync(join(dir, "signing.key"), "utf8");
  t.match(signingText, /^ed25519 a_[A-Za-z0-9]{4} [A-Za-z0-9+/]{43}\n$/);
  t.match(readFileSync(join(dir, "at-rest.key"), "utf8"), /\nxchacha20poly1305 k_[A-Za-z0-9]{8} [A-Za-z0-9+/]{43}\n$/);
  t.equal(statSync(join(dir, "signing.key")).mode & 0o777, 0o600);
  t.equal(statSync(join(dir, "at-rest.key")).mode & 0o777, 0o600);
  t.equal(statSync(dir).mode & 0o777, 0o700);
  t.equal(keys.signing.publicKey.length, 32);
  t.equal(keys.atRest.key.length, 32);
  t.equal(keys.atRestKeys.get(keys.atRest.keyId), keys.atRest);
  const warnings = first.lines().filter((l) => l.level === 40).map((l) => l.msg);
  t.ok(warnings.includes("generated a new key file"));
  t.ok(warnings.some((m) => /in production keep them outside it/.test(String(m))));

  const again = await loadOrCreateKeys(configIn(dir), captureLogger().logger);
  t.same(again.signing.publicKey, keys.signing.publicKey, "same signing key on the next start");
  t.equal(again.signing.version, keys.signing.version);
  t.same(again.atRest, keys.atRest, "same at-rest key on the next start");
  t.equal(readFileSync(join(dir, "signing.key"), "utf8"), signingText, "file not rewritten");
});

t.test("the key file never appears in logs", async (t) => {
  const dir = tempDir();
  const cap = captureLogger();
  const keys = await loadOrCreateKeys(configIn(dir), cap.logger);
  const seedB64 = readFileSync(join(dir, "signing.key"), "utf8").trim().split(" ")[2]!;
  t.notMatch(cap.text(), seedB64);
  t.notMatch(cap.text(), Buffer.from(keys.atRest.key).toString("base64").slice(0, 20));
});

t.test("explicit key files outside the data folder: no warning, never generated", async (t) => {
  const dir = tempDir();
  const secrets = tempDir();
  await loadOrCreateKeys(configIn(secrets), captureLogger().logger); // make a pair in "secrets"
  const cap = captureLogger();
  const keys = await loadOrCreateKeys(
    configIn(dir, {
      signingKeyFile: { path: join(secrets, "signing.key"), explicit: true },
      masterKeyFile: { path: join(secrets, "at-rest.key"), explicit: true },
    }),
    cap.logger,
  );
  t.ok(keys.signing);
  t.equal(cap.lines().filter((l) => l.level === 40).length, 0);

  await t.rejects(
    loadOrCreateKeys(configIn(dir, { masterKeyFile: { path: join(secrets, "nope.key"), explicit: true } }), captureLogger().logger),
    { name: "KeyFileError", message: /WARD_MASTER_KEY_FILE points to '.*nope\.key', which does not exist/ },
  );
});

t.test("a key file readable by others is loaded with a warning", async (t) => {
  const dir = tempDir();
  await loadOrCreateKeys(configIn(dir), captureLogger().logger);
  chmodSync(join(dir, "signing.key"), 0o644);
  const cap = captureLogger();
  await loadOrCreateKeys(configIn(dir), cap.logger);
  t.ok(cap.lines().some((l) => l.msg === "key file is readable by other users; chmod 600 it" && l.mode === "644"));
});

t.test("malformed key files stop start-up with a clear message", async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ["signing.key", "ed25519 a_1\n", /signing key file '.*signing\.key' is malformed: signing key file line 1: expected/],
    ["signing.key", "rsa a_1 AAAA\n", /unsupported algorithm "rsa"/],
    ["signing.key", "ed25519 a_1 AAAA\n", /ed25519 seed must be 32 bytes/],
    ["signing.key", "\n\n", /holds no keys/],
    ["at-rest.key", "xchacha20poly1305 k1\n", /at-rest key file '.*' line 1: expected 'xchacha20poly1305 <key id> <base64 key>'/],
    ["at-rest.key", "aes k1 AAAA\n", /line 1: unsupported algorithm 'aes'/],
    ["at-rest.key", "xchacha20poly1305 k-1 AAAA\n", /key id must be 1-32 letters/],
    ["at-rest.key", "xchacha20poly1305 k1 !!!!\n", /the key is not valid base64/],
    ["at-rest.key", "xchacha20poly1305 k1 AAAA\n", /the key must be 32 bytes, got 3/],
    ["at-rest.key", "# only a comment\n", /holds no keys/],
  ];
  for (const [file, text, message] of cases) {
    const dir = tempDir();
    await loadOrCreateKeys(configIn(dir), captureLogger().logger);
    writeFileSync(join(dir, file), text);
    await t.rejects(loadOrCreateKeys(configIn(dir), captureLogger().logger), { message }, `${file}: ${JSON.stringify(text)}`);
  }
});

t.test("at-rest files hold several keys; the first encrypts, ids must be unique", async (t) => {
  await sodiumReady();
  const a = { keyId: "new", key: new Uint8Array(32).fill(1) };
  const b = { keyId: "old", key: new Uint8Array(32).fill(2) };
  const parsed = parseAtRestKeyFile(formatAtRestKeyFile([a, b]), "f");
  t.same(parsed, [a, b]);
  t.throws(() => parseAtRestKeyFile(formatAtRestKeyFile([a, a]), "f"), KeyFileError);
  t.throws(() => parseAtRestKeyFile(formatAtRestKeyFile([a, a]), "f"), { message: /key id 'new' appears twice/ });
});
