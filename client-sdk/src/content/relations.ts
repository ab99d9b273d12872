/**
 * Replies, edits and reactions: content that points at another event.
 *
 * Matrix v1.13 dropped reply fallbacks (the quoted text in body), so a reply
 * is the new message plus `m.relates_to.m.in_reply_to`, and it mentions the
 * replied-to sender, as the spec asks, so they are notified.
 */
import type { FileMessageContent, MessageContent, Mentions, ReactionContent, TextMessageContent } from "../events/content.js";

/** What a reply or edit needs to know of the event it points at. */
export type EventRef = { readonly event_id: string; readonly sender: string; readonly content?: MessageContent };

function withMentions(base: Mentions | undefined, add: readonly string[]): Mentions {
  const userIds = [...(base?.user_ids ?? [])];
  for (const id of add) if (!userIds.includes(id)) userIds.push(id);
  return { ...base, ...(userIds.length > 0 ? { user_ids: userIds } : {}) };
}

/** A reply with `content` (a text or a file message) to `to`. */
export function replyContent<C extends TextMessageContent | FileMessageContent>(content: C, to: EventRef): C {
  return {
    ...content,
    "m.mentions": withMentions(content["m.mentions"], [to.sender]),
    "m.relates_to": { "m.in_reply_to": { event_id: to.event_id } },
  };
}

/** The event an edit replaces: editing an edit still points at the original. */
function replacedEventId(target: EventRef): string {
  const rel = target.content?.["m.relates_to"];
  return rel && "rel_type" in rel && rel.rel_type === "m.replace" ? rel.event_id : target.event_id;
}

/**
 * An edit of `target` to `replacement`. `m.new_content` holds the whole new
 * message (mentions included); the outer `m.mentions` lists only users the
 * edit newly mentions, so an edit does not notify someone twice. The outer
 * body is the "* new text" fallback clients without edit support show.
 */
export function editContent(target: EventRef, replacement: TextMessageContent): TextMessageContent {
  const { "m.relates_to": _dropped, "m.new_content": _nested, ...newContent } = replacement;
  const before = new Set(target.content?.["m.mentions"]?.user_ids ?? []);
  const added = (replacement["m.mentions"]?.user_ids ?? []).filter((id) => !before.has(id));
  return {
    msgtype: replacement.msgtype,
    body: `* ${replacement.body}`,
    ...(replacement.formatted_body !== undefined ? { format: "org.matrix.custom.html" as const, formatted_body: `* ${replacement.formatted_body}` } : {}),
    "m.new_content": newContent,
    "m.mentions": added.length > 0 ? { user_ids: added } : {},
    "m.relates_to": { rel_type: "m.replace", event_id: replacedEventId(target) },
  };
}

/** A reaction (`key` is usually one emoji) to an event. */
export function reactionContent(eventId: string, key: string): ReactionContent {
  return { "m.relates_to": { rel_type: "m.annotation", event_id: eventId, key } };
}

/** If `content` edits a message: the edited event and the content that replaces it. */
export function editOf(content: MessageContent | undefined): { replaces: string; newContent: TextMessageContent } | undefined {
  const rel = content?.["m.relates_to"];
  if (!content || !rel || !("rel_type" in rel) || rel.rel_type !== "m.replace") return undefined;
  const newContent = "m.new_content" in content ? content["m.new_content"] : undefined;
  return newContent ? { replaces: rel.event_id, newContent } : undefined;
}

/** The event an event replies to, if it is a reply. */
export function inReplyToOf(content: MessageContent | undefined): string | undefined {
  const rel = content?.["m.relates_to"];
  return rel && "m.in_reply_to" in rel ? rel["m.in_reply_to"]?.event_id : undefined;
}

