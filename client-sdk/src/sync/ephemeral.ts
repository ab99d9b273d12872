/**
 * A joined room's ephemeral events: `m.typing` (the whole list of typers,
 * replacing what the client knew) and `m.receipt` (event → receipt type →
 * user → { ts, thread_id }).
 */
import type { JsonObject, JsonValue } from "@ward/protocol";
import type { clientTypes } from "@ward/protocol/endpoints";
import type { ClientEvents } from "../client-events.js";
import type { TypedEmitter } from "../emitter.js";
import type { Room } from "../room.js";

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function applyEphemeral(emitter: TypedEmitter<ClientEvents>, room: Room, events: readonly clientTypes.BasicEvent[]): void {
  for (const event of events) {
    if (event.type === "m.typing") applyTyping(emitter, room, event.content);
    else if (event.type === "m.receipt") applyReceipts(emitter, room, event.content);
  }
}

function applyTyping(emitter: TypedEmitter<ClientEvents>, room: Room, content: JsonObject): void {
  const ids = content.user_ids;
  if (!Array.isArray(ids)) return;
  const userIds = ids.filter((id): id is string => typeof id === "string");
  room.setTypingUsers(userIds);
  emitter.emit("typing", { room, userIds });
}

function applyReceipts(emitter: TypedEmitter<ClientEvents>, room: Room, content: JsonObject): void {
  for (const [eventId, byType] of Object.entries(content)) {
    if (!isObject(byType)) continue;
    for (const [receiptType, byUser] of Object.entries(byType)) {
      if (!isObject(byUser)) continue;
      for (const [userId, info] of Object.entries(byUser)) {
        const ts = isObject(info) && typeof info.ts === "number" ? info.ts : undefined;
        const threadId = isObject(info) && typeof info.thread_id === "string" ? info.thread_id : undefined;
        // The room remembers public, unthreaded-or-main receipts: "read up to here" for everyone to see.
        if (receiptType === "m.read" && (threadId === undefined || threadId === "main")) room.setReceipt(userId, eventId, ts);
        emitter.emit("receipt", { room, eventId, userId, receiptType, ts, threadId });
      }
    }
  }
}
