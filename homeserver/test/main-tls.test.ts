/**
 * Built-in TLS: WARD_TLS_CERT and WARD_TLS_KEY (both or neither) make the
 * server speak HTTPS, with HSTS on every response. The certificate is a
 * self-signed one made for the test with the openssl command.
 */
import t from "tap";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { versionsApi } from "../src/api/client/versions.js";
import { MemoryBus } from "../src/bus/memory.js";
import { ConfigError, loadConfig, type Config } from "../src/config.js";
import { HSTS } from "../src/http/security-headers.js";
import { startHomeserver } from "../src/main.js";
import type { Database } from "../src/store/database.js";
import { testAtRestCipher } from "./helpers/databases.js";
import { captureLogger, tempDir, testConfig } from "./helpers/http.js";

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;

function selfSigned(dir: string): { cert: string; key: string } {
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  const made = spawnSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert,
  ], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { cert, key };
}

const fakeDb: Database = {
  kind: "pglite",
  atRest: testAtRestCipher(),
  query: async () => [],
  exec: async () => {},
  transaction: async (fn) => fn({ inTransaction: true, atRest: fakeDb.atRest, query: async () => [], exec: async () => {} }),
  close: async () => {},
};

function start(dataDir: string, tls: Config["tls"]) {
  const config = testConfig({
    dataDir,
    tls,
    signingKeyFile: { path: join(dataDir, "signing.key"), explicit: false },
    masterKeyFile: { path: join(dataDir, "at-rest.key"), explicit: false },
  });
  return startHomeserver(config, {
    logger: captureLogger().logger,
    openDatabase: async () => fakeDb,
    openBus: async () => new MemoryBus(),
    areas: [versionsApi],
  });
}

function get(url: string, ca: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/_matrix/client/versions`, { ca }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

t.test("HTTPS with a self-signed certificate, HSTS on", { skip: hasOpenssl ? false : "openssl is not on PATH" }, async (t) => {
  const dir = tempDir();
  const { cert, key } = selfSigned(dir);
  const hs = await start(join(dir, "data"), { certFile: cert, keyFile: key });
  t.teardown(() => hs.close());
  t.match(hs.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const res = await get(hs.url, readFileSync(cert));
  t.equal(res.status, 200);
  t.equal(res.headers["strict-transport-security"], HSTS);
  t.equal(HSTS, "max-age=31536000");
  t.equal(res.headers["cache-control"], "no-store");
  t.equal(res.headers["x-content-type-options"], "nosniff");
  await t.rejects(get(hs.url, Buffer.from("")), "an unknown certificate is not trusted: it really is TLS");
});

t.test("unusable TLS files stop start-up with a message naming the setting", { skip: hasOpenssl ? false : "openssl is not on PATH" }, async (t) => {
  const dir = tempDir();
  const { cert, key } = selfSigned(dir);
  const other = selfSigned(tempDir());
  const garbage = join(dir, "garbage.pem");
  writeFileSync(garbage, "not a certificate\n");
  const cases: Array<[string, Config["tls"], RegExp]> = [
    ["missing certificate file", { certFile: join(dir, "nope.pem"), keyFile: key }, /WARD_TLS_CERT points to .* cannot be read: ENOENT/],
    ["missing key file", { certFile: cert, keyFile: join(dir, "nope.pem") }, /WARD_TLS_KEY points to .* cannot be read: ENOENT/],
    ["not PEM", { certFile: garbage, keyFile: key }, /WARD_TLS_CERT and WARD_TLS_KEY must be a PEM certificate and its private key/],
    ["key of another certificate", { certFile: cert, keyFile: other.key }, /must be a PEM certificate and its private key/],
  ];
  for (const [what, tls, message] of cases) {
    await t.rejects(start(join(dir, "data"), tls), { name: "ConfigError", message }, what);
  }
});

t.test("WARD_TLS_CERT and WARD_TLS_KEY: both or neither", async (t) => {
  const cwd = tempDir();
  t.equal(loadConfig({ env: {}, cwd }).tls, undefined, "neither: plain HTTP");
  t.strictSame(loadConfig({ env: { WARD_TLS_CERT: "tls/cert.pem", WARD_TLS_KEY: "tls/key.pem" }, cwd }).tls, {
    certFile: join(cwd, "tls/cert.pem"),
    keyFile: join(cwd, "tls/key.pem"),
  }, "relative paths resolve against the working directory");
  t.throws(() => loadConfig({ env: { WARD_TLS_CERT: "cert.pem" }, cwd }), ConfigError);
  t.throws(() => loadConfig({ env: { WARD_TLS_KEY: "key.pem" }, cwd }), { message: /set both .* or neither/ });
});

t.test("WARD_SESSION_MAX_LIFETIME_MS: off by default, 0 or at least 5 minutes", async (t) => {
  const cwd = tempDir();
  t.equal(loadConfig({ env: {}, cwd }).sessionMaxLifetimeMs, 0);
  t.equal(loadConfig({ env: { WARD_SESSION_MAX_LIFETIME_MS: "43200000" }, cwd }).sessionMaxLifetimeMs, 43_200_000);
  t.throws(() => loadConfig({ env: { WARD_SESSION_MAX_LIFETIME_MS: "60000" }, cwd }), { name: "ConfigError", message: /at least 300000/ });
  t.throws(() => loadConfig({ env: { WARD_SESSION_MAX_LIFETIME_MS: "soon" }, cwd }), ConfigError);
});
