/**
 * Ward's stream tokens: `s<position>`, one global stream position in
 * decimal (see store/stream.ts). A token T means "everything at or below
 * position T is behind it". /sync's next_batch, a room's prev_batch and the
 * start/end of /messages and /context are all such tokens, so any of them
 * can be handed to any of those endpoints.
 *
 * The leading "s" leaves room for other token shapes later (e.g. with
 * typing or receipt positions appended) without breaking old tokens.
 */
import { invalidParam } from "../../http/matrix-error.js";

const TOKEN = /^s(0|[1-9][0-9]{0,15})$/;

export function formatStreamToken(position: number): string {
  return `s${position}`;
}

/** The position in a token; anything else is 400 M_INVALID_PARAM naming the parameter. */
export function parseStreamToken(token: string, param: string): number {
  const match = TOKEN.exec(token);
  const position = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(position)) throw invalidParam(`'${param}' is not a valid token`);
  return position;
}
