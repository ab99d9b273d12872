/**
 * Ward's sync tokens: `s<position>` or `s<position>_t<typing mark>`.
 *
 * The position is the global stream position (see store/stream.ts): a token
 * means "everything at or below it is behind it". /sync's next_batch, a
 * room's prev_batch and the start/end of /messages and /context are all such
 * tokens, so any of them can be handed to any of those endpoints (the typing
 * part is ignored outside /sync).
 *
 * The typing mark is the typing service's own opaque cursor (typing is never
 * stored, so it has no stream position; see services/typing). Old `s<pos>`
 * tokens stay valid: without a mark, /sync sends who is typing now.
 */
import { invalidParam } from "../../http/matrix-error.js";

const TOKEN = /^s(0|[1-9][0-9]{0,15})(?:_t([A-Za-z0-9.-]{1,64}))?$/;

export type SyncToken = { stream: number; typing: string | undefined };

export function formatStreamToken(position: number): string {
  return `s${position}`;
}

export function formatSyncToken(token: SyncToken): string {
  return token.typing === undefined ? formatStreamToken(token.stream) : `s${token.stream}_t${token.typing}`;
}

/** Both parts of a token; anything else is 400 M_INVALID_PARAM naming the parameter. */
export function parseSyncToken(token: string, param: string): SyncToken {
  const match = TOKEN.exec(token);
  const position = match ? Number(match[1]) : NaN;
  if (!match || !Number.isSafeInteger(position)) throw invalidParam(`'${param}' is not a valid token`);
  return { stream: position, typing: match[2] };
}

/** The stream position in a token (for /messages, /context and prev_batch). */
export function parseStreamToken(token: string, param: string): number {
  return parseSyncToken(token, param).stream;
}
