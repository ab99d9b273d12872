/**
 * WardClient: one logged-in session. It owns the HTTP client, the sync loop,
 * the rooms it has seen and the emitter everything is announced on.
 *
 *   const client = await WardClient.login({ baseUrl, user: "alice", password });
 *   client.on("timeline", ({ room, event }) => ...);
 *   await client.start();                      // resolves after the first sync
 *   client.room(roomId).sendMessage("Hello");
 */
import type { JsonObject } from "@ward/protocol";
import { clientAccount, clientAccountData, clientLogin, clientProfile } from "@ward/protocol/endpoints";
import type { BackoffOptions } from "./backoff.js";
import type { ClientEvents } from "./client-events.js";
import { TypedEmitter } from "./emitter.js";
import { WardAbortError, type WardApiError } from "./errors.js";
import { HttpClient, type FetchLike } from "./http.js";
import { Room } from "./room.js";
import * as roomsApi from "./rooms-api.js";
import { openDirect, type DirectOptions, type OpenedDirect } from "./direct.js";
import { MediaApi } from "./media/media-api.js";
import { Sender, type SendOptions } from "./sending/sender.js";
import { MemorySyncStore, type SyncStore } from "./store.js";
import { applySync } from "./sync/apply.js";
import { SyncLoop, type SyncState } from "./sync/sync-loop.js";

export type WardClientOptions = {
  /** The homeserver, e.g. "https://ward.example.org". */
  baseUrl: string;
  accessToken: string;
  userId: string;
  deviceId?: string;
  /** Where the sync token survives restarts; default: memory only (nothing written anywhere). */
  store?: SyncStore;
  /** Events kept per room, the bounded window (default 50). */
  timelineLimit?: number;
  /** Events per room in one sync answer (default 20); more make the server report a gap. */
  syncTimelineLimit?: number;
  /** At most this many missed events are fetched to fill a gap after time away (default 200; 0: never). */
  gapFillLimit?: number;
  /** How long one /sync long-poll may wait on the server (default 30 000 ms). */
  pollTimeoutMs?: number;
  /** Waits between failed sync requests. */
  backoff?: BackoffOptions;
  /** Retries of failed sends. */
  send?: SendOptions;
  fetch?: FetchLike;
  /** Where errors thrown by event listeners go (default: console.error). */
  onListenerError?: (error: unknown, event: keyof ClientEvents) => void;
};

export type LoginOptions = Omit<WardClientOptions, "accessToken" | "userId" | "deviceId"> & {
  /** The user's localpart ("alice") or full user ID. */
  user: string;
  password: string;
  /** Log in as an existing device (after a soft logout) instead of a new one. */
  deviceId?: string;
  /** Shown in the user's device list. */
  deviceName?: string;
};

export class WardClient {
  readonly userId: string;
  /** Typed access to every endpoint: `client.http.call(clientProfile.getDisplayName, { params })`. */
  readonly http: HttpClient;
  private deviceIdValue: string | undefined;
  readonly emitter: TypedEmitter<ClientEvents>;
  /** Uploads (progress, cancel, the server's size limit) and authenticated downloads. */
  readonly media: MediaApi;
  private readonly store: SyncStore;
  private readonly roomMap = new Map<string, Room>();
  private readonly globalAccountData = new Map<string, JsonObject>();
  private readonly lifetime = new AbortController();
  private readonly sender: Sender;
  private readonly loop: SyncLoop;
  private readonly options: WardClientOptions;

  static async login(options: LoginOptions): Promise<WardClient> {
    const http = new HttpClient({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
    const { user, password, deviceId, deviceName, ...clientOptions } = options;
    const res = await http.call(clientLogin.login, { body: loginBody(user, password, deviceId, deviceName) });
    // The password is not kept: a soft logout asks the user for it again (resumeSession).
    return new WardClient({ ...clientOptions, accessToken: res.access_token, userId: res.user_id, deviceId: res.device_id });
  }

  constructor(options: WardClientOptions) {
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      accessToken: options.accessToken,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      onSessionEnded: (error) => this.sessionEnded(error),
    });
    this.options = options;
    this.userId = options.userId;
    this.deviceIdValue = options.deviceId;
    this.emitter = new TypedEmitter<ClientEvents>(options.onListenerError);
    this.store = options.store ?? new MemorySyncStore();
    this.sender = this.newSender();
    this.media = new MediaApi(this.http, this.lifetime.signal);
    const syncTimelineLimit = options.syncTimelineLimit ?? 20;
    this.loop = new SyncLoop(this.http, this.store, {
      filter: JSON.stringify({ room: { timeline: { limit: syncTimelineLimit } } }),
      ...(options.pollTimeoutMs !== undefined ? { pollTimeoutMs: options.pollTimeoutMs } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
    }, {
      apply: (res, since, signal) => applySync(this.applyContext(), res, since, signal),
      onState: (state) => this.emitter.emit("syncState", { state }),
      onError: (error, retryInMs) => this.emitter.emit("syncError", { error, retryInMs }),
    });
  }

  get deviceId(): string | undefined {
    return this.deviceIdValue;
  }

  /** The current access token (an app that keeps sessions stores it, as securely as a password). */
  get accessToken(): string | undefined {
    return this.http.accessToken;
  }

  // --- events --------------------------------------------------------------

  on<K extends keyof ClientEvents>(event: K, listener: (payload: ClientEvents[K]) => void): () => void {
    return this.emitter.on(event, listener);
  }

  off<K extends keyof ClientEvents>(event: K, listener: (payload: ClientEvents[K]) => void): void {
    this.emitter.off(event, listener);
  }

  once<K extends keyof ClientEvents>(event: K, listener: (payload: ClientEvents[K]) => void): () => void {
    return this.emitter.once(event, listener);
  }

  /** The next `event` whose payload `accept` takes. */
  next<K extends keyof ClientEvents>(event: K, accept?: (payload: ClientEvents[K]) => boolean, signal?: AbortSignal): Promise<ClientEvents[K]> {
    return this.emitter.next(event, accept, signal);
  }

  // --- session -------------------------------------------------------------

  async whoami(): Promise<clientAccount.WhoamiResponse> {
    return this.http.call(clientAccount.whoami);
  }

  /** Ends the session on the server, stops syncing, cancels sends in flight, forgets the sync token. The client cannot be used afterwards. */
  async logout(): Promise<void> {
    await this.stop();
    try {
      await this.http.call(clientLogin.logout);
    } finally {
      this.lifetime.abort(new WardAbortError("logged out"));
      this.http.accessToken = undefined;
      await this.store.clear();
    }
  }

  /**
   * After a soft logout (Ward's idle timeout): logs in again as the same device,
   * so the session carries on where it stopped. Restart syncing with `start()`.
   */
  async resumeSession(password: string): Promise<void> {
    const res = await this.http.call(clientLogin.login, { body: loginBody(this.userId, password, this.deviceIdValue) });
    this.http.accessToken = res.access_token;
    this.deviceIdValue = res.device_id;
  }

  /** Sets the user's display name (shown in every room the user is in, and in the staff directory). */
  async setDisplayName(displayName: string): Promise<void> {
    await this.http.call(clientProfile.setDisplayName, { params: { userId: this.userId }, body: { displayname: displayName } });
  }

  // --- sync ----------------------------------------------------------------

  get syncState(): SyncState {
    return this.loop.currentState;
  }

  /**
   * Starts syncing in the background. Resolves once the first answer is
   * handled (the rooms are known); rejects if the loop ends before that.
   */
  async start(): Promise<void> {
    if (this.loop.running && !this.loop.stopping) return;
    const firstSync = this.emitter.next("sync");
    const ended = this.loop.start().then(() => {
      throw new Error("the sync loop stopped before its first answer (see the syncError and sessionEnded events)");
    });
    await Promise.race([firstSync, ended]);
    ended.catch(() => undefined);
  }

  /** Stops syncing; resolves once the loop has ended. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  // --- rooms and account data ---------------------------------------------

  /** The room with this ID (created empty if the client has not seen it: it fills in with the next sync). */
  room(roomId: string): Room {
    let room = this.roomMap.get(roomId);
    if (!room) {
      room = new Room(roomId, {
        http: this.http,
        emitter: this.emitter,
        sender: this.sender,
        userId: this.userId,
        timelineLimit: this.options.timelineLimit ?? 50,
        signal: this.lifetime.signal,
        isDirectRoom: (id) => this.directRoomIds().has(id),
      });
      this.roomMap.set(roomId, room);
      this.emitter.emit("room", { room });
    }
    return room;
  }

  /** A room the client knows, or undefined. */
  getRoom(roomId: string): Room | undefined {
    return this.roomMap.get(roomId);
  }

  /** Rooms the user has joined. */
  get rooms(): Room[] {
    return [...this.roomMap.values()].filter((r) => r.membership === "join");
  }

  /** Rooms the user is invited to. */
  get invites(): Room[] {
    return [...this.roomMap.values()].filter((r) => r.membership === "invite");
  }

  /** Creates a channel: public (anyone on the server may join; listed in the channel directory) or private (invite only). */
  createChannel(options: roomsApi.ChannelOptions): Promise<Room> {
    return roomsApi.createChannel(this, options);
  }

  /**
   * The direct conversation with these users (Ward's endpoint): the existing
   * one-to-one when there is one, else a new conversation; a group (two or
   * more others) is always new. Its members are fixed: nobody can be added.
   */
  async openDirectMessage(userIds: readonly string[], options: DirectOptions = {}): Promise<Room> {
    return (await openDirect(this, userIds, options)).room;
  }

  /** Like `openDirectMessage`, also saying whether the conversation is new. */
  openDirect(userIds: readonly string[], options: DirectOptions = {}): Promise<OpenedDirect> {
    return openDirect(this, userIds, options);
  }

  /** Joins a room by ID or alias ("#general:ward.example"), or accepts its invite. */
  joinRoom(roomIdOrAlias: string): Promise<Room> {
    return roomsApi.joinRoom(this, roomIdOrAlias);
  }

  /**
   * Ward's staff directory: everyone the user may message, a page at a time,
   * optionally narrowed by a search term.
   */
  staffDirectory(options: roomsApi.StaffSearch = {}): Promise<roomsApi.StaffPage> {
    return roomsApi.staffDirectory(this, options);
  }

  /** The Matrix user directory search (on Ward: the staff directory, by display name and user ID). */
  searchUsers(term: string, limit?: number): Promise<roomsApi.DirectoryUser[]> {
    return roomsApi.searchUsers(this, term, limit);
  }

  /** The public channel directory, optionally filtered by a search term; page on with `since`. */
  publicChannels(options: roomsApi.ChannelSearch = {}): Promise<roomsApi.ChannelPage> {
    return roomsApi.publicChannels(this, options);
  }

  /** The room an alias points at. */
  resolveAlias(alias: string): Promise<string> {
    return roomsApi.resolveAlias(this, alias);
  }

  /** The user's global account data of `type`, as last synced. */
  accountData(type: string): JsonObject | undefined {
    return this.globalAccountData.get(type);
  }

  async setAccountData(type: string, content: JsonObject): Promise<void> {
    await this.http.call(clientAccountData.setAccountData, { params: { userId: this.userId, type }, body: content });
    this.globalAccountData.set(type, content);
  }

  /** Room IDs listed in m.direct (direct messages). */
  directRoomIds(): Set<string> {
    const ids = new Set<string>();
    for (const rooms of Object.values(this.globalAccountData.get("m.direct") ?? {})) {
      if (Array.isArray(rooms)) for (const id of rooms) if (typeof id === "string") ids.add(id);
    }
    return ids;
  }

  // --- internals -----------------------------------------------------------

  private applyContext() {
    return {
      userId: this.userId,
      emitter: this.emitter,
      http: this.http,
      gapFillLimit: this.options.gapFillLimit ?? 200,
      room: (roomId: string) => this.room(roomId),
      setAccountData: (type: string, content: JsonObject) => this.globalAccountData.set(type, content),
    };
  }

  private newSender(): Sender {
    return new Sender(this.http, this.options?.send ?? {}, this.lifetime.signal, (pending) =>
      this.emitter.emit("localEcho", { room: this.room(pending.roomId), pending }),
    );
  }

  private sessionEnded(error: WardApiError): void {
    void this.loop.stop();
    this.emitter.emit("sessionEnded", { reason: error.softLogout ? "softLogout" : "unknownToken", error });
  }
}

function loginBody(user: string, password: string, deviceId?: string, deviceName?: string) {
  return {
    type: "m.login.password",
    identifier: { type: "m.id.user", user },
    password,
    ...(deviceId !== undefined ? { device_id: deviceId } : {}),
    ...(deviceName !== undefined ? { initial_device_display_name: deviceName } : {}),
  };
}
