/**
 * A real Ward homeserver for the SDK's tests (the conformance harness's
 * `startWard`: production start-up on the test database, rate limits off,
 * registration open), users registered through the API, and SDK clients
 * logged in with their passwords and stopped at the end of the test.
 */
import { startWard, type Ward } from "../../../homeserver/test/conformance/harness.js";
import type { Tap } from "../../../homeserver/test/helpers/databases.js";
import type { Config } from "../../../homeserver/src/config.js";
import type { Database } from "../../../homeserver/src/store/database.js";
import { WardClient, type ClientEvents, type LoginOptions } from "../../src/index.js";

export { forEachDatabase } from "../../../homeserver/test/helpers/databases.js";
export type { Tap, Ward };

/** Long enough for the password policy, and on no list of common passwords. */
export const PASSWORD = "ward sdk test passphrase 7";

/** Quick retries: the tests restart servers and must not wait seconds for a reconnect. */
export const FAST_RETRIES = { backoff: { initialMs: 20, maxMs: 200 }, send: { maxAttempts: 200, backoff: { initialMs: 20, maxMs: 200 } } };

export async function startServer(t: Tap, db: Database, overrides: Partial<Config> = {}): Promise<Ward> {
  return startWard(t, db, overrides);
}

export type ClientOptions = Partial<Omit<LoginOptions, "baseUrl" | "user" | "password">>;

/** Registers `name` and logs an SDK client in (not yet syncing). */
export async function newClient(t: Tap, ward: Ward, name: string, options: ClientOptions = {}): Promise<WardClient> {
  await ward.register(name, PASSWORD);
  return login(t, ward.url, name, options);
}

export async function login(t: Tap, baseUrl: string, name: string, options: ClientOptions = {}): Promise<WardClient> {
  const client = await WardClient.login({ baseUrl, user: name, password: PASSWORD, ...FAST_RETRIES, ...options });
  t.teardown(() => client.stop());
  return client;
}

/**
 * The next `event` on `client` that `accept` takes. The limit only keeps a
 * broken test from hanging; nothing here measures time.
 */
export function waitFor<K extends keyof ClientEvents>(
  client: WardClient,
  event: K,
  accept: (payload: ClientEvents[K]) => boolean = () => true,
  limitMs = 20_000,
): Promise<ClientEvents[K]> {
  const signal = AbortSignal.timeout(limitMs);
  return client.next(event, accept, signal).catch((error: unknown) => {
    throw signal.aborted ? new Error(`no ${String(event)} event came that the test expected`) : error;
  });
}

/** Resolves once `check()` is true, checking after every handled sync. */
export async function syncedUntil(client: WardClient, check: () => boolean, limitMs = 20_000): Promise<void> {
  if (check()) return;
  await waitFor(client, "sync", () => check(), limitMs);
}

/** The body of a message event, or undefined for other events. */
export function bodyOf(event: { type: string; content: unknown }): string | undefined {
  const body = (event.content as { body?: unknown }).body;
  return event.type === "m.room.message" && typeof body === "string" ? body : undefined;
}
