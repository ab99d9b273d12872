/**
 * The typing change every process announces on the bus, so the others apply
 * it to their own memory. Messages from Redis come from outside this
 * process: anything that does not have the expected shape is dropped.
 */
import type { BusMessage, EphemeralWake } from "../../bus/bus.js";

export const TYPING_PAYLOAD = "m.typing";

export type TypingChange = {
  roomId: string;
  userId: string;
  typing: boolean;
  /** Real-time milliseconds; null when `typing` is false. */
  expiresAt: number | null;
  /** The instance ID of the process that took the request. */
  origin: string;
};

/** `listChanged` false (a renewal): announced without rooms, so no process wakes long-polls for it. */
export function typingWake(change: TypingChange, listChanged: boolean): EphemeralWake {
  return { kind: "ephemeral", roomIds: listChanged ? [change.roomId] : [], userIds: [], payload: { type: TYPING_PAYLOAD, ...change } };
}

export function typingChangeOf(message: BusMessage): TypingChange | undefined {
  if (message.kind !== "ephemeral" || message.payload.type !== TYPING_PAYLOAD) return undefined;
  const { roomId, userId, typing, expiresAt, origin } = message.payload;
  if (typeof roomId !== "string" || typeof userId !== "string" || typeof origin !== "string" || typeof typing !== "boolean") return undefined;
  if (typing ? typeof expiresAt !== "number" || !Number.isFinite(expiresAt) : expiresAt !== null) return undefined;
  return { roomId, userId, typing, expiresAt: typing ? (expiresAt as number) : null, origin };
}
