/**
 * Extra rules for local m.room.redaction events, beyond the auth rules
 * (which only apply the events / events_default level): the redacted event
 * must be in this room, and a user may redact their own events, or anyone's
 * with the room's redact level (rooms/v11 "Handling redactions", applied at
 * the sending server as Synapse does).
 */
import { namedPowerLevel, stateKeyOf, userPowerLevel } from "@ward/protocol";
import { forbidden, invalidParam, notFound } from "../../http/matrix-error.js";
import type { SqlExecutor } from "../../store/database.js";
import { eventsTable } from "../../store/tables/events.js";
import type { EventDraft, RoomHead } from "./room-head.js";

export const REDACTION = "m.room.redaction";

/** The event a redaction draft names: `redacts`, or `content.redacts` (v11+ and /send). */
export function redactionTarget(draft: Pick<EventDraft, "content" | "redacts">): string | undefined {
  if (draft.redacts !== undefined) return draft.redacts;
  const inContent = draft.content.redacts;
  return typeof inContent === "string" ? inContent : undefined;
}

/** Throws a MatrixError when the redaction may not be sent; returns the target's event ID. */
export async function checkRedaction(q: SqlExecutor, head: RoomHead, draft: EventDraft): Promise<string> {
  // Outsiders learn nothing about which event IDs exist: the membership check comes first.
  const member = head.state.get(stateKeyOf("m.room.member", draft.sender));
  if (member?.content.membership !== "join") throw forbidden(`${draft.sender} is not joined to the room`);
  const target = redactionTarget(draft);
  if (target === undefined) throw invalidParam("m.room.redaction needs the ID of the event it redacts in content.redacts");
  const row = await eventsTable.get(q, target);
  if (!row || row.roomId !== head.roomId) throw notFound("Event not found in this room");
  if (row.sender === draft.sender) return target;
  if (userPowerLevel(draft.sender, head.state, head.version) >= namedPowerLevel("redact", head.state)) return target;
  throw forbidden("You may only redact your own events without the room's redact power level");
}
