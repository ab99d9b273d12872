/**
 * How a room says what it is in Ward's messenger: a marker in the content of
 * its m.room.create event,
 *
 *   "org.ward.messenger": { "kind": "direct", "members": ["@a:hs", "@b:hs"] }
 *   "org.ward.messenger": { "kind": "channel" }
 *
 * The create event is signed, can never change, reaches every server in the
 * room, and (from room version 11 on) keeps all of its content through a
 * redaction: so the kind and the fixed member list survive restarts and mean
 * the same to every Ward server that federates the room. Pure: no I/O.
 */
import { stateKeyOf, type JsonObject, type RoomEvent, type StateMap } from "@ward/protocol";

export const MESSENGER_MARKER = "org.ward.messenger";

export type MessengerKind =
  | { readonly kind: "direct"; readonly members: readonly string[] }
  | { readonly kind: "channel" };

/** The marker of a direct conversation: its members, the creator included, sorted, each once. */
export function directMarker(members: readonly string[]): JsonObject {
  return { kind: "direct", members: [...new Set(members)].sort() };
}

export const CHANNEL_MARKER: JsonObject = Object.freeze({ kind: "channel" }) as JsonObject;

/**
 * The kind a create event's content declares. No marker (a room from before
 * the messenger, or from a server that is not Ward) is a channel. A marker
 * saying "direct" with a damaged member list stays direct with no members:
 * the stricter reading (nobody joins, nobody leaves).
 */
export function messengerKindOf(createContent: JsonObject | undefined): MessengerKind {
  const marker = createContent?.[MESSENGER_MARKER];
  if (typeof marker !== "object" || marker === null || Array.isArray(marker) || marker.kind !== "direct") return { kind: "channel" };
  const members = Array.isArray(marker.members) ? marker.members.filter((m): m is string => typeof m === "string") : [];
  return { kind: "direct", members };
}

/** The kind of the room whose current state this is (it must hold the m.room.create event). */
export function roomKindOf(state: StateMap<RoomEvent>): MessengerKind {
  return messengerKindOf(state.get(stateKeyOf("m.room.create", ""))?.content);
}
