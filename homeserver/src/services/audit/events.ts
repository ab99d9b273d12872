/**
 * Which audit rows a room event means. Only IDs are taken from the event:
 * never its content (bodies, names, topics, display names).
 */
import type { RoomEvent } from "@ward/protocol";
import { redactionTarget } from "../rooms/redaction.js";
import type { AuditAction } from "./actions.js";
import type { AuditEntry } from "./record.js";

/** The membership a user had before the event, from the state the event was authorised against. */
export type PreviousMembership = (userId: string) => string | undefined;

function memberAction(event: RoomEvent, previous: string | undefined): AuditAction | null {
  const membership = event.content.membership;
  // join → join is a profile change (display name, avatar): not a membership act.
  if (membership === previous) return null;
  switch (membership) {
    case "join":
      return "room_join";
    case "invite":
      return "room_invite";
    case "ban":
      return "room_ban";
    case "leave":
      return event.state_key === event.sender ? "room_leave" : "room_kick";
    default:
      return null;
  }
}

function entryFor(roomId: string, event: RoomEvent, previous: PreviousMembership): AuditEntry | null {
  const base = { actor: event.sender, roomId, eventId: event.event_id };
  if (event.type === "m.room.create" && event.state_key === "") return { ...base, action: "room_create" };
  if (event.type === "m.room.member") {
    const action = memberAction(event, event.state_key === undefined ? undefined : previous(event.state_key));
    return action && { ...base, action, targetUser: event.state_key ?? null };
  }
  if (event.type === "m.room.redaction") {
    const target = redactionTarget({ content: event.content, redacts: typeof event.redacts === "string" ? event.redacts : undefined });
    // The row names the redacted event; the redaction's own ID is found from it.
    return { ...base, action: "redaction", eventId: target ?? event.event_id };
  }
  // Other state (names, topics, power levels) is room configuration, not one of the audited acts.
  if (event.state_key !== undefined) return null;
  return { ...base, action: "message_send" };
}

export function auditEntriesForEvents(roomId: string, events: readonly RoomEvent[], previous: PreviousMembership = () => undefined): AuditEntry[] {
  return events.flatMap((event) => entryFor(roomId, event, previous) ?? []);
}
