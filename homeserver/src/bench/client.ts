/**
 * The Client-Server API calls the scenarios make, as a real client makes
 * them. Every user is bound to one homeserver process (its endpoint), so with
 * two processes the users are spread over both and a message sent through
 * one is delivered by the other. Anything but the expected status throws:
 * a broken server fails the bench instead of timing errors.
 */
import type { HttpEndpoint, RequestOptions } from "./http.js";

const V3 = "/_matrix/client/v3";

export type BenchUser = { readonly userId: string; readonly localpart: string; readonly token: string; readonly endpoint: HttpEndpoint };

export type TimelineEvent = { event_id: string; type: string; content?: { body?: unknown } };

export type SyncResponse = {
  next_batch: string;
  rooms?: { join?: Record<string, { timeline?: { events?: TimelineEvent[]; limited?: boolean } }> };
};

export const passwordOf = (localpart: string): string => `bench-${localpart}-password`;

let txnCounter = 0;

export async function call<T = any>(endpoint: HttpEndpoint, method: string, path: string, options: RequestOptions & { expect?: number } = {}): Promise<T> {
  const res = await endpoint.request(method, path, options);
  if (res.status !== (options.expect ?? 200)) throw new Error(`${method} ${path.split("?")[0]} → ${res.status} ${res.text.slice(0, 300)}`);
  return (res.text === "" ? {} : JSON.parse(res.text)) as T;
}

/** /register with the m.login.dummy UIA flow: a 401 with a session, then the same request with auth. */
export async function register(endpoint: HttpEndpoint, localpart: string): Promise<BenchUser> {
  const password = passwordOf(localpart);
  const first = await call<{ session: string }>(endpoint, "POST", `${V3}/register`, { json: { username: localpart, password }, expect: 401 });
  const done = await call<{ user_id: string; access_token: string }>(endpoint, "POST", `${V3}/register`, {
    json: { username: localpart, password, auth: { type: "m.login.dummy", session: first.session } },
  });
  return { userId: done.user_id, localpart, token: done.access_token, endpoint };
}

/** A password login: a new device with a new access token (a fresh client). */
export async function login(user: BenchUser): Promise<BenchUser> {
  const res = await call<{ access_token: string }>(user.endpoint, "POST", `${V3}/login`, {
    json: { type: "m.login.password", identifier: { type: "m.id.user", user: user.localpart }, password: passwordOf(user.localpart) },
  });
  return { ...user, token: res.access_token };
}

export async function createRoom(user: BenchUser, preset: "public_chat" | "private_chat" = "public_chat"): Promise<string> {
  const body = await call<{ room_id: string }>(user.endpoint, "POST", `${V3}/createRoom`, { token: user.token, json: { preset } });
  return body.room_id;
}

export async function join(user: BenchUser, roomId: string): Promise<void> {
  await call(user.endpoint, "POST", `${V3}/rooms/${encodeURIComponent(roomId)}/join`, { token: user.token, json: {} });
}

export async function send(user: BenchUser, roomId: string, body: string): Promise<string> {
  const path = `${V3}/rooms/${encodeURIComponent(roomId)}/send/m.room.message/bench${process.pid}.${++txnCounter}`;
  const res = await call<{ event_id: string }>(user.endpoint, "PUT", path, { token: user.token, json: { msgtype: "m.text", body } });
  return res.event_id;
}

export async function sync(
  user: BenchUser,
  query: { since?: string; timeout?: number; filter?: string } = {},
  signal?: AbortSignal,
): Promise<{ body: SyncResponse; bytes: number }> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const qs = params.size > 0 ? `?${params}` : "";
  const res = await user.endpoint.request("GET", `${V3}/sync${qs}`, { token: user.token, signal });
  if (res.status !== 200) throw new Error(`GET /sync → ${res.status} ${res.text.slice(0, 300)}`);
  return { body: JSON.parse(res.text) as SyncResponse, bytes: Buffer.byteLength(res.text) };
}

/** Only m.room.message timeline events, nothing else: what a delivery long-poll waits for. */
export const MESSAGES_ONLY_FILTER = JSON.stringify({
  room: { timeline: { types: ["m.room.message"], limit: 50 }, state: { types: [] }, ephemeral: { types: [] }, account_data: { types: [] } },
  presence: { types: [] },
  account_data: { types: [] },
});

/** The m.room.message timeline events of a /sync response's joined rooms, and whether any timeline was cut short. */
export function timelineMessages(sync: SyncResponse): { messages: TimelineEvent[]; limited: boolean } {
  const messages: TimelineEvent[] = [];
  let limited = false;
  for (const room of Object.values(sync.rooms?.join ?? {})) {
    if (room.timeline?.limited) limited = true;
    for (const e of room.timeline?.events ?? []) if (e.type === "m.room.message") messages.push(e);
  }
  return { messages, limited };
}
