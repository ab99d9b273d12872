/**
 * Helpers shared by the multi-process tests: plain HTTP calls that throw on
 * anything but 200, and reading messages out of /sync responses.
 */
import type { TestUser, Ward } from "../conformance/harness.js";

export const V3 = "/_matrix/client/v3";

export const pgUrl = process.env.WARD_TEST_DATABASE_URL || undefined;
export const redisUrl = process.env.WARD_TEST_REDIS_URL || undefined;

/**
 * Whether the multi-process suites can run; under WARD_CI their absence is an error.
 * Returns false (the caller then plans no tests) when not in CI.
 */
export function servicesConfigured(): boolean {
  if (pgUrl && redisUrl) return true;
  if (process.env.WARD_CI) {
    throw new Error("WARD_CI is set but WARD_TEST_DATABASE_URL and WARD_TEST_REDIS_URL are not both set: the multi-process suites must run in CI");
  }
  return false;
}

/** The test URL with the schema chosen in the connection options (libpq `options`), as an operator could write it. */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}

export async function ok<T = any>(ward: Ward, method: string, path: string, options: Parameters<Ward["request"]>[2] = {}): Promise<T> {
  const res = await ward.request<T>(method, path, options);
  if (res.status !== 200) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function login(ward: Ward, user: TestUser, localpart: string): Promise<string> {
  const body = await ok(ward, "POST", `${V3}/login`, {
    body: { type: "m.login.password", identifier: { type: "m.id.user", user: localpart }, password: user.password },
  });
  return body.access_token as string;
}

export function send(ward: Ward, token: string, roomId: string, txnId: string, body: string): Promise<{ event_id: string }> {
  return ok(ward, "PUT", `${V3}/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txnId}`, {
    token,
    body: { msgtype: "m.text", body },
  });
}

export type Seen = { roomId: string; eventId: string; body: string };

export function timelineMessages(sync: any): Seen[] {
  const out: Seen[] = [];
  for (const [roomId, room] of Object.entries<any>(sync.rooms?.join ?? {})) {
    for (const e of room.timeline?.events ?? []) {
      if (e.type === "m.room.message") out.push({ roomId, eventId: e.event_id, body: e.content?.body });
    }
  }
  return out;
}

export const MESSAGES_ONLY = JSON.stringify({
  room: { timeline: { types: ["m.room.message"], limit: 100 }, state: { types: [] }, ephemeral: { types: [] }, account_data: { types: [] } },
  presence: { types: [] },
  account_data: { types: [] },
});

