/**
 * The Client-Server API calls the scenarios make, through the client-sdk:
 * each request is built by the SDK's HttpClient from protocol's endpoint
 * definition (path, query, token, body) and an error answer becomes the
 * SDK's WardApiError; only the carrying is the harness's own node:http
 * transport (http.ts), which costs the harness less CPU than fetch.
 *
 * Every user is bound to one homeserver process (its endpoint), so with two
 * processes the users are spread over both and a message sent through one is
 * delivered by the other. Any error answer throws: a broken server fails the
 * bench instead of timing errors.
 */
import { HttpClient, WardApiError } from "@ward/client-sdk";
import {
  clientLogin,
  clientMembership,
  clientMessages,
  clientRegister,
  clientRooms,
  clientSync,
  type AnyEndpoint,
  type RequestInput,
  type ResponseOf,
} from "@ward/protocol/endpoints";
import type { HttpEndpoint } from "./http.js";

export type BenchUser = {
  readonly userId: string;
  readonly localpart: string;
  readonly endpoint: HttpEndpoint;
  /** The SDK's request builder, holding this user's access token. */
  readonly http: HttpClient;
};

export type SyncResponse = ResponseOf<typeof clientSync.sync>;
export type TimelineEvent = NonNullable<NonNullable<NonNullable<SyncResponse["rooms"]>["join"]>[string]["timeline"]>["events"][number];

export const passwordOf = (localpart: string): string => `bench-${localpart}-password`;

let txnCounter = 0;

export type Answer<E extends AnyEndpoint> = { body: ResponseOf<E>; bytes: number };

/**
 * One call of `def` for `http`'s user over `endpoint`. The SDK's HttpClient
 * has an empty base URL here, so the URL it prepares is the path the
 * transport sends to its server.
 */
export async function call<E extends AnyEndpoint>(
  endpoint: HttpEndpoint,
  http: HttpClient,
  def: E,
  input: RequestInput<E>,
  options: { signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<Answer<E>> {
  const req = http.prepare(def, input);
  let body: Uint8Array | string | undefined;
  if (req.bodyKind === "json") body = JSON.stringify(req.body);
  else if (req.bodyKind === "binary") body = req.body as Uint8Array;
  const res = await endpoint.request(req.method, req.url, { headers: { ...req.headers, ...options.headers }, body, signal: options.signal });
  if (res.status < 200 || res.status > 299) throw http.errorFor(def, res.status, res.text, null);
  const parsed = def.response.kind === "binary" || res.text === "" ? {} : JSON.parse(res.text);
  return { body: parsed as ResponseOf<E>, bytes: Buffer.byteLength(res.text) };
}

/** A client for one user: the SDK's HttpClient with the user's token. */
function userOf(endpoint: HttpEndpoint, userId: string, localpart: string, accessToken: string): BenchUser {
  return { userId, localpart, endpoint, http: new HttpClient({ baseUrl: "", accessToken }) };
}

/** /register with the m.login.dummy UIA flow: a 401 carrying a session, then the same request with auth. */
export async function register(endpoint: HttpEndpoint, localpart: string): Promise<BenchUser> {
  const http = new HttpClient({ baseUrl: "" });
  const password = passwordOf(localpart);
  let session: string;
  try {
    await call(endpoint, http, clientRegister.register, { body: { username: localpart, password } });
    throw new Error("POST /register without auth succeeded: the server skipped User-Interactive Authentication");
  } catch (err) {
    if (!(err instanceof WardApiError) || err.status !== 401 || typeof err.body.session !== "string") throw err;
    session = err.body.session;
  }
  const done = await call(endpoint, http, clientRegister.register, {
    body: { username: localpart, password, auth: { type: "m.login.dummy", session } },
  });
  if (done.body.access_token === undefined) throw new Error("POST /register answered without an access token");
  return userOf(endpoint, done.body.user_id, localpart, done.body.access_token);
}

/** A password login: a new device with a new access token (a fresh client). */
export async function login(user: BenchUser): Promise<BenchUser> {
  const res = await call(user.endpoint, new HttpClient({ baseUrl: "" }), clientLogin.login, {
    body: { type: "m.login.password", identifier: { type: "m.id.user", user: user.localpart }, password: passwordOf(user.localpart) },
  });
  return userOf(user.endpoint, user.userId, user.localpart, res.body.access_token);
}

export async function createRoom(user: BenchUser, preset: "public_chat" | "private_chat" = "public_chat"): Promise<string> {
  return (await call(user.endpoint, user.http, clientRooms.createRoom, { body: { preset } })).body.room_id;
}

export async function join(user: BenchUser, roomId: string): Promise<void> {
  await call(user.endpoint, user.http, clientMembership.join, { params: { roomId }, body: {} });
}

export async function send(user: BenchUser, roomId: string, body: string): Promise<string> {
  const params = { roomId, eventType: "m.room.message", txnId: `bench${process.pid}.${++txnCounter}` };
  return (await call(user.endpoint, user.http, clientMessages.send, { params, body: { msgtype: "m.text", body } })).body.event_id;
}

export async function sync(
  user: BenchUser,
  query: { since?: string; timeout?: number; filter?: string } = {},
  signal?: AbortSignal,
): Promise<Answer<typeof clientSync.sync>> {
  return call(user.endpoint, user.http, clientSync.sync, { query }, signal ? { signal } : {});
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
