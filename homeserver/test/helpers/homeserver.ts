/**
 * A whole homeserver for HTTP tests, on the database forEachDatabase hands
 * out: services on a ServiceContext (memory bus, notifier, in-memory keys,
 * testConfig with the cheapest password hashing), the real app with the real
 * session resolver, served on 127.0.0.1:0, closed at the end of the test.
 *
 *   await forEachDatabase(t, "sends", async (t, db) => {
 *     const hs = await startTestHomeserver(t, db);
 *     const alice = await hs.registerUser("alice");
 *     const res = await hs.request("GET", "/_matrix/client/v3/account/whoami", { token: alice.accessToken });
 *   });
 *
 * Keep this signature stable: every area's tests use it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomKeyVersion, signingKeyFromSeed, sodiumReady as protocolSodiumReady } from "@ward/protocol";
import { createApp, type WardApp } from "../../src/app.js";
import type { Bus } from "../../src/bus/bus.js";
import { MemoryBus } from "../../src/bus/memory.js";
import type { Config } from "../../src/config.js";
import { sodium, sodiumReady } from "../../src/crypto/sodium.js";
import type { ServerKeys } from "../../src/keys.js";
import type { Logger } from "../../src/log.js";
import type { ServiceContext } from "../../src/services/context.js";
import { closeServices, createServices, sessionResolverOf, type Services } from "../../src/services/index.js";
import { Notifier } from "../../src/services/sync/notifier.js";
import { MINIMUM_PASSWORD_HASHING } from "../../src/services/users/passwords.js";
import type { Database } from "../../src/store/database.js";
import { TEST_MASTER_KEYS, type Tap } from "./databases.js";
import { captureLogger, testConfig } from "./http.js";

export type TestHomeserverOptions = {
  /** Merged over testConfig() (which here enables registration and uses the cheapest password hashing). */
  config?: Partial<Config>;
  /** Defaults to a new MemoryBus (closed with the server); a passed bus is left open. */
  bus?: Bus;
  /** Defaults to a logger writing into memory. */
  logger?: Logger;
  /** Defaults to Date.now. */
  clock?: () => number;
};

export type TestResponse<T = any> = { status: number; headers: Headers; json: T };

export type RequestOptions = { token?: string | undefined; body?: unknown; headers?: Record<string, string> };

export type TestUser = { userId: string; accessToken: string; deviceId: string };

export type TestHomeserver = {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly services: Services;
  readonly config: Config;
  readonly context: ServiceContext;
  readonly app: WardApp;
  /** `path` starts with `/_matrix/...`; a body is sent as JSON. `json` is undefined when the response is not JSON. */
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  /** Creates the account (directly, registration enabled or not) and logs it in on a new device. */
  registerUser(localpart: string, password?: string): Promise<TestUser>;
  close(): Promise<void>;
};

export const TEST_PASSWORD = "correct horse battery staple";

export async function testKeys(): Promise<ServerKeys> {
  await Promise.all([sodiumReady(), protocolSodiumReady()]);
  const signing = signingKeyFromSeed(sodium().randombytes_buf(32), randomKeyVersion());
  // The master key of the test databases (databases.ts), so the keys match the data keys' wrapping.
  return { signing, signingKeys: [signing], ...TEST_MASTER_KEYS };
}

export async function startTestHomeserver(t: Tap, db: Database, options: TestHomeserverOptions = {}): Promise<TestHomeserver> {
  const config = testConfig({ enableRegistration: true, passwordHashing: MINIMUM_PASSWORD_HASHING, ...options.config });
  const bus = options.bus ?? new MemoryBus();
  const logger = options.logger ?? captureLogger("info").logger;
  const notifier = new Notifier(bus);
  const context: ServiceContext = { db, bus, config, keys: await testKeys(), logger, clock: options.clock ?? Date.now, notifier };
  const services = await createServices(context);
  const app = createApp({ config, logger, sessionResolver: sessionResolverOf(services), services });
  const server = createServer(app.callback());
  // fetch reuses idle sockets; on a loaded machine the default 5 s keep-alive can
  // close one just as a request goes out on it (ECONNRESET). Outlive the test instead.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Service timers (the presence sweeper, typing expiry) must stop before the next test empties the shared database.
      closeServices(services);
      notifier.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.bus) await bus.close();
    })());
  t.teardown(close);

  const request = async <T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse<T>> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== undefined) headers.Authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      headers["Content-Type"] ??= "application/json";
    }
    const res = await fetch(url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json: T = undefined as T;
    if ((res.headers.get("content-type") ?? "").includes("json") && text !== "") json = JSON.parse(text) as T;
    return { status: res.status, headers: res.headers, json };
  };

  const registerUser = async (localpart: string, password = TEST_PASSWORD): Promise<TestUser> => {
    const userId = await services.accounts.createUser({ localpart, password });
    const session = await services.accounts.openSession({ userId });
    return { userId, accessToken: session.accessToken, deviceId: session.deviceId };
  };

  return { url, services, config, context, app, request, registerUser, close };
}
