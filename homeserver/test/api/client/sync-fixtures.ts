/**
 * Builders for the sync, messages and context tests: rooms and messages made
 * through the real API (createRoom, send, invite, join, leave), and typed
 * shortcuts for reading them back.
 */
import type { clientSync } from "@ward/protocol";
import type { TestHomeserver, TestUser } from "../../helpers/homeserver.js";

export type SyncResponse = clientSync.SyncResponse;

let txn = 0;

export async function expectOk<T>(what: string, res: { status: number; json: T }): Promise<T> {
  if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

export async function createRoom(hs: TestHomeserver, user: TestUser, body: Record<string, unknown> = {}): Promise<string> {
  const json = await expectOk("createRoom", await hs.request<{ room_id: string }>("POST", "/_matrix/client/v3/createRoom", { token: user.accessToken, body }));
  return json.room_id;
}

export async function send(
  hs: TestHomeserver,
  user: TestUser,
  roomId: string,
  body: string | Record<string, unknown>,
  options: { type?: string; txnId?: string } = {},
): Promise<string> {
  const content = typeof body === "string" ? { msgtype: "m.text", body } : body;
  const type = options.type ?? "m.room.message";
  const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${options.txnId ?? `t${++txn}`}`;
  const json = await expectOk("send", await hs.request<{ event_id: string }>("PUT", path, { token: user.accessToken, body: content }));
  return json.event_id;
}

export async function setState(hs: TestHomeserver, user: TestUser, roomId: string, type: string, content: Record<string, unknown>, stateKey = ""): Promise<string> {
  const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`;
  const json = await expectOk("setState", await hs.request<{ event_id: string }>("PUT", path, { token: user.accessToken, body: content }));
  return json.event_id;
}

export async function membership(hs: TestHomeserver, user: TestUser, roomId: string, action: "join" | "leave" | "forget"): Promise<void> {
  await expectOk(action, await hs.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/${action}`, { token: user.accessToken, body: {} }));
}

export async function invite(hs: TestHomeserver, user: TestUser, roomId: string, userId: string): Promise<void> {
  await expectOk("invite", await hs.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, { token: user.accessToken, body: { user_id: userId } }));
}

export function syncPath(params: Record<string, string | number | boolean | undefined> = {}): string {
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join("&");
  return `/_matrix/client/v3/sync${query ? `?${query}` : ""}`;
}

export async function sync(hs: TestHomeserver, user: TestUser, params: Record<string, string | number | boolean | undefined> = {}): Promise<SyncResponse> {
  return expectOk("sync", await hs.request<SyncResponse>("GET", syncPath(params), { token: user.accessToken }));
}

export async function messages(hs: TestHomeserver, user: TestUser, roomId: string, params: Record<string, string | number | undefined>) {
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join("&");
  return hs.request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?${query}`, { token: user.accessToken });
}

/** Bodies of the m.room.message events in a list of events. */
export function bodies(events: ReadonlyArray<{ type: string; content: Record<string, unknown> }> | undefined): string[] {
  return (events ?? []).filter((e) => e.type === "m.room.message").map((e) => String(e.content.body));
}

export function types(events: ReadonlyArray<{ type: string; state_key?: string }> | undefined): string[] {
  return (events ?? []).map((e) => (e.state_key === undefined ? e.type : `${e.type}|${e.state_key}`));
}
