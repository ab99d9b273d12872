// Builders for push rule tests: an event in client shape and a room context, each overridable.
import type { JsonObject } from "../../src/json.js";
import type { PushContext, PushEvent } from "../../src/push/types.js";

export const ALICE = "@alice:example.org";
export const BOB = "@bob:example.org";
export const ROOM = "!room:example.org";

/** An m.room.message from Bob in ROOM; `content` replaces the default content entirely. */
export function message(body: string, extra: JsonObject = {}): PushEvent {
  return makeEvent({ content: { msgtype: "m.text", body, ...extra } });
}

export function makeEvent(fields: Partial<PushEvent> = {}): PushEvent {
  return {
    type: "m.room.message",
    sender: BOB,
    room_id: ROOM,
    event_id: "$event:example.org",
    content: { msgtype: "m.text", body: "hello" },
    ...fields,
  } as PushEvent;
}

/** Alice, display name "Alice Liddell", in a 5-member room, Bob at power level 0. */
export function makeCtx(fields: Partial<PushContext> = {}): PushContext {
  return {
    userId: ALICE,
    displayName: "Alice Liddell",
    roomMemberCount: 5,
    senderPowerLevel: 0,
    notificationPowerLevels: {},
    ...fields,
  };
}

/** The shape `t.throws` should see for a PushRuleError; `message` matches as a substring. */
export function pushError(errcode: string, status: number, message: string): { name: string; message: string; errcode: string; status: number } {
  return { name: "PushRuleError", errcode, status, message };
}
