/**
 * The benchmark's HTTP client: plain fetch (undici, keep-alive connections)
 * against the Client-Server API, throwing on anything but the expected
 * status, so a broken server fails the bench instead of timing errors.
 */
const V3 = "/_matrix/client/v3";

export type BenchUser = { readonly userId: string; readonly token: string };

export type SyncResponse = {
  next_batch: string;
  rooms?: { join?: Record<string, { timeline?: { events?: Array<{ event_id: string; type: string }> } }> };
};

export class BenchClient {
  private txn = 0;

  constructor(readonly url: string) {}

  /** One request; returns the parsed body and the body's size in bytes. */
  async call<T = any>(method: string, path: string, options: { token?: string; body?: unknown; expect?: number } = {}): Promise<{ body: T; bytes: number }> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(this.url + path, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    if (res.status !== (options.expect ?? 200)) throw new Error(`${method} ${path.split("?")[0]} → ${res.status} ${text.slice(0, 300)}`);
    return { body: (text === "" ? {} : JSON.parse(text)) as T, bytes: Buffer.byteLength(text) };
  }

  async ok<T = any>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
    return (await this.call<T>(method, path, options)).body;
  }

  /** /register with the m.login.dummy UIA flow: a 401 with a session, then the same request with auth. */
  async register(localpart: string): Promise<BenchUser> {
    const password = `bench-${localpart}-password`;
    const first = await this.call<{ session: string }>("POST", `${V3}/register`, { body: { username: localpart, password }, expect: 401 });
    const done = await this.ok<{ user_id: string; access_token: string }>("POST", `${V3}/register`, {
      body: { username: localpart, password, auth: { type: "m.login.dummy", session: first.body.session } },
    });
    return { userId: done.user_id, token: done.access_token };
  }

  async createRoom(user: BenchUser, preset: "public_chat" | "private_chat" = "public_chat"): Promise<string> {
    const body = await this.ok<{ room_id: string }>("POST", `${V3}/createRoom`, { token: user.token, body: { preset } });
    return body.room_id;
  }

  async join(user: BenchUser, roomId: string): Promise<void> {
    await this.ok("POST", `${V3}/rooms/${encodeURIComponent(roomId)}/join`, { token: user.token, body: {} });
  }

  async send(user: BenchUser, roomId: string, body: string): Promise<string> {
    const txnId = `bench${process.pid}.${++this.txn}`;
    const path = `${V3}/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txnId}`;
    const res = await this.ok<{ event_id: string }>("PUT", path, { token: user.token, body: { msgtype: "m.text", body } });
    return res.event_id;
  }

  async sync(user: BenchUser, query: { since?: string; timeout?: number; filter?: string } = {}): Promise<{ body: SyncResponse; bytes: number }> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.size > 0 ? `?${params}` : "";
    return this.call<SyncResponse>("GET", `${V3}/sync${qs}`, { token: user.token });
  }

  async messages(user: BenchUser, roomId: string, limit: number): Promise<{ chunk: unknown[] }> {
    return this.ok("GET", `${V3}/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=${limit}`, { token: user.token });
  }
}

/** Only m.room.message timeline events, nothing else: what bob's long-poll waits for. */
export const MESSAGES_ONLY_FILTER = JSON.stringify({
  room: { timeline: { types: ["m.room.message"], limit: 10 }, state: { types: [] }, ephemeral: { types: [] }, account_data: { types: [] } },
  presence: { types: [] },
  account_data: { types: [] },
});

/** Event IDs of m.room.message events in a /sync response's joined rooms. */
export function messageIds(sync: SyncResponse): string[] {
  const ids: string[] = [];
  for (const room of Object.values(sync.rooms?.join ?? {})) {
    for (const e of room.timeline?.events ?? []) if (e.type === "m.room.message") ids.push(e.event_id);
  }
  return ids;
}
