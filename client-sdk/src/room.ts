/**
 * One room as this client sees it: current state, a bounded window of the
 * latest events, local echoes of messages being sent, unread counts, typing
 * users and read receipts, plus the actions a member takes in it.
 *
 * The sync code (sync/apply.ts) feeds it; methods marked internal are for
 * that code only.
 */
import type { JsonObject } from "@ward/protocol";
import { clientEphemeral, clientMembership, clientMessages, clientRooms } from "@ward/protocol/endpoints";
import type { ClientEvents } from "./client-events.js";
import { composeMessage, type MessagePart, type TextMsgtype } from "./content/message.js";
import { fileMessageContent, type FileMessageOptions } from "./content/file.js";
import { editContent, reactionContent, replyContent, type EventRef } from "./content/relations.js";
import type { TypedEmitter } from "./emitter.js";
import type { Membership, TextMessageContent } from "./events/content.js";
import { parseRoomEvent } from "./events/parse.js";
import type { EventOfType, RoomEvent, StateEvent, UnknownRoomEvent } from "./events/types.js";
import type { HttpClient } from "./http.js";
import type { UploadedMedia } from "./media/media-api.js";
import { RoomState } from "./room-state.js";
import { RoomTimeline, type Page } from "./room-timeline.js";
import type { PendingEvent } from "./sending/pending-event.js";
import type { Sender } from "./sending/sender.js";
import { newTxnId } from "./sending/txn.js";

/** What a Room needs from its client. */
export type RoomContext = {
  readonly http: HttpClient;
  readonly emitter: TypedEmitter<ClientEvents>;
  readonly sender: Sender;
  readonly userId: string;
  /** Events kept per room (the bounded window). */
  readonly timelineLimit: number;
  /** Aborts when the client logs out. */
  readonly signal: AbortSignal;
  isDirectRoom(roomId: string): boolean;
};

export type { Page };

/** A message as the app writes it: plain text, parts with mentions, or finished content. */
export type MessageInput = string | readonly MessagePart[] | TextMessageContent;

export type UnreadCounts = { readonly notifications: number; readonly highlights: number };

function toContent(message: MessageInput, msgtype?: TextMsgtype): TextMessageContent {
  if (typeof message === "string" || Array.isArray(message)) return composeMessage(message as string | readonly MessagePart[], msgtype);
  const content = message as TextMessageContent;
  return msgtype ? { ...content, msgtype } : content;
}

export class Room {
  /** @internal */ readonly state = new RoomState();
  /** @internal */ readonly history: RoomTimeline;
  private readonly pendingList: PendingEvent[] = [];
  private unreadCounts: UnreadCounts = { notifications: 0, highlights: 0 };
  private typingIds: string[] = [];
  private readonly receipts = new Map<string, { eventId: string; ts: number | undefined }>();
  private readonly accountDataMap = new Map<string, JsonObject>();
  /** @internal */ ownMembership: Membership | undefined;
  /** @internal */ inviter: string | undefined;
  /** @internal */ heroes: string[] = [];

  /** @internal Rooms come from the client: `client.room(roomId)`. */
  constructor(
    readonly roomId: string,
    private readonly ctx: RoomContext,
  ) {
    this.history = new RoomTimeline(roomId, ctx.http, ctx.timelineLimit, ctx.signal);
  }

  // --- reading -------------------------------------------------------------

  /** The user's own membership: "join", "invite", "leave", "ban"; undefined until the first sync shows the room. */
  get membership(): Membership | undefined {
    return this.ownMembership;
  }

  /** The room's name (m.room.name), if it has one. */
  get name(): string | undefined {
    return this.state.get("m.room.name")?.content.name || undefined;
  }

  /** What to call the room: its name, its alias, or the other members (a direct message). */
  get displayName(): string {
    const alias = this.state.get("m.room.canonical_alias")?.content.alias;
    if (this.name) return this.name;
    if (alias) return alias;
    const others = (this.heroes.length > 0 ? this.heroes : this.state.members(["join", "invite"])).filter((u) => u !== this.ctx.userId);
    return others.map((u) => this.state.get("m.room.member", u)?.content.displayname || u).join(", ") || this.roomId;
  }

  get topic(): string | undefined {
    return this.state.get("m.room.topic")?.content.topic || undefined;
  }

  /** A one-to-one or group conversation rather than a channel (Ward's mark on the room, m.direct, or the invite said so). */
  get isDirect(): boolean {
    const marker = this.state.get("m.room.create")?.content["org.ward.messenger"];
    if (typeof marker === "object" && marker !== null && "kind" in marker) return marker.kind === "direct";
    return this.ctx.isDirectRoom(this.roomId) || this.state.get("m.room.member", this.ctx.userId)?.content.is_direct === true;
  }

  /** A public channel: anyone on the server may join. */
  get isPublic(): boolean {
    return this.state.get("m.room.join_rules")?.content.join_rule === "public";
  }

  /** The latest events, oldest first; at most the client's `timelineLimit`. */
  get timeline(): RoomEvent[] {
    return this.history.window.toArray();
  }

  /** Messages being sent, and failed ones, oldest first: show them after the timeline. */
  get pending(): PendingEvent[] {
    return [...this.pendingList];
  }

  /** Blue (`notifications`: new messages) and orange (`highlights`: mentions) badge counts. */
  get unread(): UnreadCounts {
    return this.unreadCounts;
  }

  /** Users typing now. */
  get typing(): string[] {
    return [...this.typingIds];
  }

  /** The event `userId` has read up to (their latest public read receipt the client saw). */
  readUpTo(userId: string): string | undefined {
    return this.receipts.get(userId)?.eventId;
  }

  getState<T extends StateEvent["type"]>(type: T, stateKey = ""): EventOfType<T> | undefined {
    return this.state.get(type, stateKey);
  }

  /** User IDs with the given memberships (default: joined). */
  members(memberships: readonly Membership[] = ["join"]): string[] {
    return this.state.members(memberships);
  }

  /** The user's account data for this room. */
  accountData(type: string): JsonObject | undefined {
    return this.accountDataMap.get(type);
  }

  get canPaginateBack(): boolean {
    return this.history.canPaginateBack;
  }

  // --- sending -------------------------------------------------------------

  /** Sends any message-like event; the returned local echo tracks it. */
  send(type: string, content: JsonObject): PendingEvent {
    const pending = this.ctx.sender.create(this.roomId, type, content);
    this.pendingList.push(pending);
    this.ctx.sender.start(pending);
    return pending;
  }

  /** A text message: plain text, or parts with mentions (`["Hi ", mention(id, "Bob")]`). */
  sendMessage(message: MessageInput, options: { msgtype?: TextMsgtype; replyTo?: EventRef } = {}): PendingEvent {
    let content = toContent(message, options.msgtype);
    if (options.replyTo) content = replyContent(content, options.replyTo);
    return this.send("m.room.message", content as unknown as JsonObject);
  }

  /**
   * A file message (m.file, m.image, m.video or m.audio, from the type) for a
   * file uploaded with `client.media.upload`; the app adds an image's size or
   * a recording's length when it knows them.
   */
  sendFile(media: UploadedMedia, options: FileMessageOptions & { replyTo?: EventRef } = {}): PendingEvent {
    let content = fileMessageContent(media, options);
    if (options.replyTo) content = replyContent(content, options.replyTo);
    return this.send("m.room.message", content as unknown as JsonObject);
  }

  /** An `m.notice`: what bots send, so other bots do not answer them. */
  sendNotice(message: MessageInput): PendingEvent {
    return this.sendMessage(message, { msgtype: "m.notice" });
  }

  reply(to: EventRef, message: MessageInput, options: { msgtype?: TextMsgtype } = {}): PendingEvent {
    return this.sendMessage(message, { ...options, replyTo: to });
  }

  /** Replaces the text of `target` (one's own message). */
  edit(target: EventRef, message: MessageInput): PendingEvent {
    const msgtype = target.content && "msgtype" in target.content && target.content.msgtype === "m.notice" ? "m.notice" : undefined;
    return this.send("m.room.message", editContent(target, toContent(message, msgtype)) as unknown as JsonObject);
  }

  react(eventId: string, key: string): PendingEvent {
    return this.send("m.reaction", reactionContent(eventId, key) as unknown as JsonObject);
  }

  /** Drops a failed local echo the user gave up on; false if it is not failed or not this room's. */
  discardPending(pending: PendingEvent): boolean {
    const i = this.pendingList.indexOf(pending);
    if (i < 0 || pending.status !== "failed") return false;
    this.pendingList.splice(i, 1);
    return true;
  }

  /** Removes an event's content for everyone. Ward refuses this in direct messages. */
  async redact(eventId: string, reason?: string): Promise<string | undefined> {
    const params = { roomId: this.roomId, eventId, txnId: newTxnId() };
    const res = await this.ctx.http.call(clientMessages.redact, { params, body: reason === undefined ? {} : { reason } }, { signal: this.ctx.signal });
    return res.event_id;
  }

  /** Marks everything up to `eventId` (default: the newest event) as read; clears the unread badges. */
  async sendReadReceipt(eventId: string | undefined = this.history.window.newest?.event_id): Promise<void> {
    if (eventId === undefined) return;
    await this.ctx.http.call(clientEphemeral.sendReceipt, { params: { roomId: this.roomId, receiptType: "m.read", eventId }, body: {} }, { signal: this.ctx.signal });
  }

  /** Says the user is typing (for `timeoutMs`, default 30 s) or has stopped. */
  async setTyping(typing: boolean, timeoutMs = 30_000): Promise<void> {
    const body = typing ? { typing, timeout: timeoutMs } : { typing };
    await this.ctx.http.call(clientEphemeral.setTyping, { params: { roomId: this.roomId, userId: this.ctx.userId }, body }, { signal: this.ctx.signal });
  }

  /**
   * The next `limit` older events, walking back from where the last call (or
   * the first sync) stopped. They also fill the timeline window while it has
   * room, so memory stays bounded.
   */
  paginateBack(limit = 20): Promise<Page> {
    return this.history.paginateBack(limit, (raw) => parseRoomEvent(raw, this.roomId));
  }

  // --- membership and settings --------------------------------------------

  async invite(userId: string, reason?: string): Promise<void> {
    await this.ctx.http.call(clientMembership.invite, { params: { roomId: this.roomId }, body: { user_id: userId, ...(reason ? { reason } : {}) } }, { signal: this.ctx.signal });
  }

  /** Leaves the room, or declines its invite. */
  async leave(reason?: string): Promise<void> {
    await this.ctx.http.call(clientMembership.leave, { params: { roomId: this.roomId }, body: reason ? { reason } : {} }, { signal: this.ctx.signal });
  }

  async setName(name: string): Promise<void> {
    await this.putState("m.room.name", { name });
  }

  async setTopic(topic: string): Promise<void> {
    await this.putState("m.room.topic", { topic });
  }

  private async putState(eventType: string, content: JsonObject, stateKey = ""): Promise<void> {
    await this.ctx.http.call(clientRooms.putStateEvent, { params: { roomId: this.roomId, eventType, stateKey }, body: content }, { signal: this.ctx.signal });
  }

  // --- fed by sync (internal) ----------------------------------------------

  /** @internal The pending event this event echoes, if any, removed from the pending list. */
  takePending(event: RoomEvent | UnknownRoomEvent): PendingEvent | undefined {
    const txnId = event.unsigned?.transaction_id;
    const i = this.pendingList.findIndex((p) => p.txnId === txnId || (p.eventId !== undefined && p.eventId === event.event_id));
    return i < 0 ? undefined : this.pendingList.splice(i, 1)[0];
  }

  /** @internal */
  setUnread(counts: UnreadCounts): boolean {
    if (counts.notifications === this.unreadCounts.notifications && counts.highlights === this.unreadCounts.highlights) return false;
    this.unreadCounts = counts;
    return true;
  }

  /** @internal */
  setTypingUsers(userIds: string[]): void {
    this.typingIds = [...userIds];
  }

  /** @internal Keeps the newer of two receipts; false when `eventId` was already known. */
  setReceipt(userId: string, eventId: string, ts: number | undefined): boolean {
    const known = this.receipts.get(userId);
    if (known?.eventId === eventId) return false;
    if (known?.ts !== undefined && ts !== undefined && ts < known.ts) return false;
    this.receipts.set(userId, { eventId, ts });
    return true;
  }

  /** @internal */
  setAccountData(type: string, content: JsonObject): void {
    this.accountDataMap.set(type, content);
  }
}
