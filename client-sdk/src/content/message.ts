/**
 * Building message content. A message is written as parts, plain text and
 * mentions:
 *
 *   composeMessage(["Lab results for ", mention("@bob:ward.example", "Bob"), " are in"])
 *
 * gives the plain `body` ("Lab results for Bob are in"), the HTML
 * `formatted_body` where each mention is a pill (a matrix.to link, as
 * Element and other clients render them) and `m.mentions.user_ids`, which
 * is what makes the server highlight the message for Bob (his orange badge).
 * Text parts are HTML-escaped: what the user typed is never taken as markup.
 */
import type { Mentions, TextMessageContent } from "../events/content.js";

export type UserMention = { readonly kind: "user"; readonly userId: string; readonly displayName: string };
/** `@room`: notifies everyone in the room (the sender needs the power level for it). */
export type RoomMention = { readonly kind: "room" };
/** Markup the app vouches for: `html` goes into formatted_body as is, `text` into body. */
export type RawHtml = { readonly kind: "html"; readonly html: string; readonly text: string };

export type MessagePart = string | UserMention | RoomMention | RawHtml;

export type TextMsgtype = TextMessageContent["msgtype"];

/** A pill for `userId`, shown as `displayName` (default: the user ID). */
export function mention(userId: string, displayName: string = userId): UserMention {
  return { kind: "user", userId, displayName };
}

export const roomMention: RoomMention = Object.freeze({ kind: "room" });

/** Trusted markup, for apps that render their own HTML (bold, lists, code). */
export function html(markup: string, text: string): RawHtml {
  return { kind: "html", html: markup, text };
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The permalink clients turn into a pill; "@" and ":" read better unescaped and are safe in a fragment. */
export function userPermalink(userId: string): string {
  return `https://matrix.to/#/${encodeURIComponent(userId).replace(/%40/g, "@").replace(/%3A/gi, ":")}`;
}

/** Plain text stays plain; anything else adds an HTML rendering. */
export function composeMessage(parts: string | readonly MessagePart[], msgtype: TextMsgtype = "m.text"): TextMessageContent {
  const list = typeof parts === "string" ? [parts] : parts;
  let body = "";
  let formatted = "";
  let rich = false;
  const userIds: string[] = [];
  let room = false;
  for (const part of list) {
    if (typeof part === "string") {
      body += part;
      formatted += escapeHtml(part).replace(/\n/g, "<br>");
    } else if (part.kind === "user") {
      rich = true;
      body += part.displayName;
      formatted += `<a href="${escapeHtml(userPermalink(part.userId))}">${escapeHtml(part.displayName)}</a>`;
      if (!userIds.includes(part.userId)) userIds.push(part.userId);
    } else if (part.kind === "room") {
      room = true;
      body += "@room";
      formatted += "@room";
    } else {
      rich = true;
      body += part.text;
      formatted += part.html;
    }
  }
  const mentions: Mentions = { ...(userIds.length > 0 ? { user_ids: userIds } : {}), ...(room ? { room: true } : {}) };
  return {
    msgtype,
    body,
    ...(rich ? { format: "org.matrix.custom.html" as const, formatted_body: formatted } : {}),
    // Always present: an empty m.mentions tells clients and servers "mentions nobody", so the
    // legacy body-matching rules never fire on a display name typed as plain text.
    "m.mentions": mentions,
  };
}
