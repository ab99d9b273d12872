/**
 * @ward/client-sdk: a typed client for Ward (and other Matrix homeservers),
 * for apps and bots, in Node 20+ and browsers.
 *
 * Start with {@link WardClient.login}, listen with `client.on(...)`, sync with
 * `client.start()`, write with the {@link Room} methods, send files with
 * {@link MediaApi | client.media}; bots use {@link Bot}.
 */
export { WardClient, type WardClientOptions, type LoginOptions } from "./client.js";
export type { ClientEvents } from "./client-events.js";
export { Room, type MessageInput, type UnreadCounts, type Page } from "./room.js";
export type { ChannelOptions, ChannelPage, ChannelSearch, DirectoryUser, PublicChannel, StaffPage, StaffSearch } from "./rooms-api.js";
export type { DirectOptions, OpenedDirect } from "./direct.js";
export { MediaApi, type DownloadOptions, type ThumbnailOptions, type UploadedMedia, type UploadOptions } from "./media/media-api.js";
export type { MediaConfig } from "./media/config.js";
export { filenameFromDisposition, type DownloadedMedia, type MediaFormat, type MediaFormats } from "./media/download.js";
export { parseMxc, type MxcParts } from "./media/mxc.js";
export type { UploadData, UploadProgress } from "./media/upload-body.js";
export { fileMessageContent, msgtypeFor, type FileMessageOptions, type FileMsgtype } from "./content/file.js";
export { TypedEmitter, type Listener, type Unsubscribe } from "./emitter.js";
export { WardApiError, WardConnectionError, WardAbortError, MediaTooLargeError, isRetryable, type MatrixErrorBody } from "./errors.js";
export { HttpClient, type CallOptions, type FetchLike, type HttpClientOptions, type PreparedRequest, type RawRequestOptions, type RequestParts } from "./http.js";
export { MemorySyncStore, type SyncStore } from "./store.js";
export type { SyncState, SyncLoopOptions } from "./sync/sync-loop.js";
export { retryDelayMs, type BackoffOptions } from "./backoff.js";
export { PendingEvent, type PendingStatus } from "./sending/pending-event.js";
export type { SendOptions } from "./sending/sender.js";
export { TimelineWindow, type Identified } from "./timeline-window.js";
export { parseRoomEvent, isStateEvent, isTypedEventType, type ParsedEvent, type RawClientEvent } from "./events/parse.js";
export type * from "./events/types.js";
export type * from "./events/content.js";
export {
  composeMessage,
  escapeHtml,
  html,
  mention,
  roomMention,
  userPermalink,
  type MessagePart,
  type RawHtml,
  type RoomMention,
  type TextMsgtype,
  type UserMention,
} from "./content/message.js";
export { editContent, editOf, inReplyToOf, reactionContent, replyContent, type EventRef } from "./content/relations.js";
export { Bot, type BotOptions } from "./bot/bot.js";
export { CommandRouter, parseCommand, type Command, type CommandContext, type CommandHandler, type ParsedCommand } from "./bot/command-router.js";
