import t from "tap";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../src/config.js";
import { tempDir } from "./helpers/http.js";

const cwd = "/srv/ward";
const load = (env: Record<string, string | undefined>) => loadConfig({ env, cwd });

t.test("defaults: nothing to set up", async (t) => {
  const c = load({});
  t.same(c.listen, { host: "127.0.0.1", port: 8008 });
  t.equal(c.serverName, "localhost");
  t.equal(c.dataDir, "/srv/ward/data");
  t.equal(c.databaseUrl, undefined);
  t.equal(c.redisUrl, undefined);
  t.equal(c.enableRegistration, false);
  t.same(c.rateLimits, { enabled: true, perSecond: 10, burst: 50 });
  t.equal(c.logLevel, "info");
  t.same(c.signingKeyFile, { path: "/srv/ward/data/signing.key", explicit: false });
  t.same(c.masterKeyFile, { path: "/srv/ward/data/at-rest.key", explicit: false });
  t.equal(c.jsonBodyLimit, 1024 * 1024);
  t.equal(c.trustProxy, false);
  t.equal(c.shutdownTimeoutMs, 10_000);
});

t.test("frozen, nested objects too", async (t) => {
  const c = load({});
  t.ok(Object.isFrozen(c));
  t.ok(Object.isFrozen(c.rateLimits));
  t.ok(Object.isFrozen(c.signingKeyFile));
  t.throws(() => {
    (c as { serverName: string }).serverName = "x";
  });
});

t.test("environment values", async (t) => {
  const c = load({
    WARD_LISTEN: "[::1]:9000",
    WARD_SERVER_NAME: "clinic.example.org:8448",
    WARD_DATA_DIR: "var/ward",
    WARD_DATABASE_URL: "postgres://ward:pw@db/ward",
    WARD_REDIS_URL: "rediss://cache:6380",
    WARD_ENABLE_REGISTRATION: "yes",
    WARD_RATE_LIMITS: "false",
    WARD_RATE_LIMIT_PER_SECOND: "0.5",
    WARD_RATE_LIMIT_BURST: "5",
    WARD_LOG_LEVEL: "DEBUG",
    WARD_SIGNING_KEY_FILE: "/etc/ward/signing.key",
    WARD_MASTER_KEY_FILE: "secrets/at-rest.key",
    WARD_JSON_BODY_LIMIT: "64KiB",
    WARD_TRUST_PROXY: "1",
    WARD_SHUTDOWN_TIMEOUT_MS: "2500",
  });
  t.same(c.listen, { host: "::1", port: 9000 });
  t.equal(c.serverName, "clinic.example.org:8448");
  t.equal(c.dataDir, "/srv/ward/var/ward");
  t.equal(c.databaseUrl, "postgres://ward:pw@db/ward");
  t.equal(c.redisUrl, "rediss://cache:6380");
  t.equal(c.enableRegistration, true);
  t.same(c.rateLimits, { enabled: false, perSecond: 0.5, burst: 5 });
  t.equal(c.logLevel, "debug");
  t.same(c.signingKeyFile, { path: "/etc/ward/signing.key", explicit: true });
  t.same(c.masterKeyFile, { path: "/srv/ward/secrets/at-rest.key", explicit: true });
  t.equal(c.jsonBodyLimit, 64 * 1024);
  t.equal(c.trustProxy, true);
  t.equal(c.shutdownTimeoutMs, 2500);
});

t.test("an empty variable counts as unset", async (t) => {
  const c = load({ WARD_REDIS_URL: "", WARD_LISTEN: "" });
  t.equal(c.redisUrl, undefined);
  t.equal(c.listen.port, 8008);
});

t.test("key files follow the data folder unless set", async (t) => {
  const c = load({ WARD_DATA_DIR: "/data" });
  t.equal(c.signingKeyFile.path, "/data/signing.key");
  t.equal(c.masterKeyFile.path, "/data/at-rest.key");
});

t.test("config file: values, relative paths, env wins", async (t) => {
  const dir = tempDir();
  const file = join(dir, "ward.json");
  writeFileSync(
    file,
    JSON.stringify({ listen: "0.0.0.0:8080", server_name: "a.example", data_dir: "state", rate_limits: false, rate_limit_burst: 7, redis_url: null }),
  );
  const c = load({ WARD_CONFIG_FILE: file, WARD_SERVER_NAME: "b.example" });
  t.same(c.listen, { host: "0.0.0.0", port: 8080 });
  t.equal(c.serverName, "b.example", "the environment wins over the file");
  t.equal(c.dataDir, join(dir, "state"), "paths in the file are relative to the file");
  t.equal(c.rateLimits.enabled, false);
  t.equal(c.rateLimits.burst, 7);
  t.equal(c.redisUrl, undefined);
});

t.test("config file problems", async (t) => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  t.throws(() => load({ WARD_CONFIG_FILE: join(dir, "missing.json") }), { name: "ConfigError", message: /WARD_CONFIG_FILE points to .*missing\.json.*ENOENT/ });
  t.throws(() => load({ WARD_CONFIG_FILE: write("bad.json", "{nope") }), { message: /is not valid JSON/ });
  t.throws(() => load({ WARD_CONFIG_FILE: write("arr.json", "[]") }), { message: /must hold a JSON object/ });
  t.throws(() => load({ WARD_CONFIG_FILE: write("typo.json", '{"listn": "x"}') }), { message: /unknown setting 'listn' \(known: listen, / });
  t.throws(() => load({ WARD_CONFIG_FILE: write("obj.json", '{"listen": {"port": 1}}') }), { message: /'listen' must be a string, number or boolean/ });
  t.throws(() => load({ WARD_CONFIG_FILE: write("val.json", '{"listen": "nope"}') }), {
    message: /^'listen' in config file '.*val\.json' must be host:port/,
  });
});

t.test("every bad value names its variable and what to write", async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ WARD_LISTEN: "8008" }, /^WARD_LISTEN must be host:port \(like 127\.0\.0\.1:8008 or \[::1\]:8008\), got '8008'$/],
    [{ WARD_LISTEN: "localhost:http" }, /^WARD_LISTEN must be host:port/],
    [{ WARD_LISTEN: "a b:80" }, /^WARD_LISTEN must be host:port/],
    [{ WARD_LISTEN: "localhost:70000" }, /^WARD_LISTEN has port 70000; a port is 0-65535$/],
    [{ WARD_SERVER_NAME: "bad name" }, /^WARD_SERVER_NAME must be a server name like example\.org/],
    [{ WARD_SERVER_NAME: "example.org:99999" }, /^WARD_SERVER_NAME must be a server name/],
    [{ WARD_DATABASE_URL: "mysql://u:secret@h/db" }, /^WARD_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL, got a mysql:\/\/ URL$/],
    [{ WARD_DATABASE_URL: "not a url secret" }, /^WARD_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL \(the value given is not a URL\)$/],
    [{ WARD_REDIS_URL: "http://cache" }, /^WARD_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ WARD_ENABLE_REGISTRATION: "maybe" }, /^WARD_ENABLE_REGISTRATION must be true or false, got 'maybe'$/],
    [{ WARD_RATE_LIMITS: "sometimes" }, /^WARD_RATE_LIMITS must be true or false, got 'sometimes'$/],
    [{ WARD_RATE_LIMIT_PER_SECOND: "fast" }, /^WARD_RATE_LIMIT_PER_SECOND must be a number, got 'fast'$/],
    [{ WARD_RATE_LIMIT_PER_SECOND: "0" }, /^WARD_RATE_LIMIT_PER_SECOND must be a number from 0\.001 to 1000000, got '0'$/],
    [{ WARD_RATE_LIMIT_BURST: "2.5" }, /^WARD_RATE_LIMIT_BURST must be a whole number, got '2\.5'$/],
    [{ WARD_LOG_LEVEL: "loud" }, /^WARD_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'$/],
    [{ WARD_JSON_BODY_LIMIT: "lots" }, /^WARD_JSON_BODY_LIMIT must be a size in bytes like 1048576, 512KiB or 1MiB, got 'lots'$/],
    [{ WARD_JSON_BODY_LIMIT: "10" }, /^WARD_JSON_BODY_LIMIT must be between 1KiB and 1GiB, got '10'$/],
    [{ WARD_TRUST_PROXY: "2" }, /^WARD_TRUST_PROXY must be true or false/],
    [{ WARD_SHUTDOWN_TIMEOUT_MS: "-1" }, /^WARD_SHUTDOWN_TIMEOUT_MS must be a whole number from 0 to 600000, got '-1'$/],
    [{ WARD_SIGNING_KEY_FILE: "/k", WARD_MASTER_KEY_FILE: "/k" }, /^WARD_SIGNING_KEY_FILE and WARD_MASTER_KEY_FILE must be different files/],
  ];
  for (const [env, message] of cases) {
    t.throws(() => load(env), { name: "ConfigError", message }, JSON.stringify(env));
  }
});

t.test("URL errors never echo the value (it may hold a password)", async (t) => {
  for (const env of [{ WARD_DATABASE_URL: "mysql://u:hunter2@h/db" }, { WARD_REDIS_URL: "hunter2" }]) {
    try {
      load(env);
      t.fail("should throw");
    } catch (err) {
      t.ok(err instanceof ConfigError);
      t.notMatch((err as Error).message, /hunter2/);
    }
  }
});

t.test("password hashing: INTERACTIVE by default, tunable, never below 8 MiB", async (t) => {
  t.same(load({}).passwordHashing, { opsLimit: 2, memLimit: 64 * 1024 * 1024 });
  t.ok(Object.isFrozen(load({}).passwordHashing));
  t.same(load({ WARD_PASSWORD_HASH_OPS_LIMIT: "3", WARD_PASSWORD_HASH_MEM_LIMIT: "256MiB" }).passwordHashing, { opsLimit: 3, memLimit: 256 * 1024 * 1024 });
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ WARD_PASSWORD_HASH_OPS_LIMIT: "0" }, /^WARD_PASSWORD_HASH_OPS_LIMIT must be a whole number from 1 to 10, got '0'$/],
    [{ WARD_PASSWORD_HASH_OPS_LIMIT: "2.5" }, /^WARD_PASSWORD_HASH_OPS_LIMIT must be a whole number, got '2\.5'$/],
    [{ WARD_PASSWORD_HASH_MEM_LIMIT: "lots" }, /^WARD_PASSWORD_HASH_MEM_LIMIT must be a size in bytes/],
    [{ WARD_PASSWORD_HASH_MEM_LIMIT: "4MiB" }, /^WARD_PASSWORD_HASH_MEM_LIMIT must be at least 8MiB, got '4MiB'$/],
  ];
  for (const [env, message] of cases) t.throws(() => load(env), { name: "ConfigError", message }, JSON.stringify(env));
});
