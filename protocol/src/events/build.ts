/**
 * Building Ward's own events: assemble the PDU for the room version, hash and
 * sign it, check it against the same format rules applied to received events,
 * and attach the computed event ID. The protocol library has no clock, so the
 * origin timestamp is an argument.
 */
import type { JsonObject } from "../json.js";
import type { RoomVersion } from "../room-versions.js";
import { EventFormatError } from "./errors.js";
import { computeEventId } from "./hashes.js";
import type { RoomEvent } from "./pdu.js";
import { hashAndSignEvent, type EventSigner } from "./sign-event.js";
import { parsePdu } from "./validate.js";

export type EventTemplate = {
  readonly version: RoomVersion;
  /** Required, except on the `m.room.create` event of a room version 12 room (whose ID derives from it). */
  readonly roomId?: string;
  readonly sender: string;
  readonly type: string;
  /** Present for state events (possibly `""`), absent for message events. */
  readonly stateKey?: string;
  readonly content: JsonObject;
  readonly prevEvents: readonly string[];
  readonly authEvents: readonly string[];
  readonly depth: number;
  readonly originServerTs: number;
  /** For `m.room.redaction`: the redacted event. Goes in `content` (v11+) or at the top level (v10). */
  readonly redacts?: string;
  readonly unsigned?: JsonObject;
};

const REDACTION = "m.room.redaction";

function placeRedacts(t: EventTemplate, content: JsonObject): { content: JsonObject; topLevel?: string } {
  const inContent = content.redacts;
  if (t.type !== REDACTION) {
    if (t.redacts !== undefined) throw new EventFormatError("unexpected_field", `redacts: only ${REDACTION} events redact, not ${t.type}`);
    return { content };
  }
  if (!t.version.redactsInContent) {
    if (t.redacts === undefined) throw new EventFormatError("bad_field", `redacts: an ${REDACTION} event must name the event it redacts`);
    return { content, topLevel: t.redacts };
  }
  if (t.redacts !== undefined && inContent !== undefined && inContent !== t.redacts) {
    throw new EventFormatError("bad_field", `redacts: template says ${t.redacts} but content.redacts says ${JSON.stringify(inContent)}`);
  }
  const target = t.redacts ?? inContent;
  if (typeof target !== "string") throw new EventFormatError("bad_field", `content.redacts: an ${REDACTION} event must name the event it redacts`);
  return { content: { ...content, redacts: target } };
}

/**
 * Returns the signed event with its event ID. Throws `EventFormatError` when
 * the template cannot make a valid event for its room version (a `room_id` on
 * a v12 create event, a missing one elsewhere, misplaced `redacts`, more than
 * 20 prev or 10 auth events, over 64 KiB, ...).
 */
export function buildEvent(t: EventTemplate, signer: EventSigner): RoomEvent {
  const v12Create = t.version.roomIdFromCreateEvent && t.type === "m.room.create";
  if (v12Create && t.roomId !== undefined) {
    throw new EventFormatError("unexpected_field", "room_id: the m.room.create event of a room version 12 room has none; its ID becomes the room ID");
  }
  if (!v12Create && t.roomId === undefined) throw new EventFormatError("bad_field", "room_id: required");
  const { content, topLevel } = placeRedacts(t, t.content);
  const pdu: Record<string, unknown> = {
    ...(t.roomId !== undefined && { room_id: t.roomId }),
    sender: t.sender,
    type: t.type,
    ...(t.stateKey !== undefined && { state_key: t.stateKey }),
    content,
    prev_events: [...t.prevEvents],
    auth_events: [...t.authEvents],
    depth: t.depth,
    origin_server_ts: t.originServerTs,
    ...(topLevel !== undefined && { redacts: topLevel }),
    ...(t.unsigned !== undefined && { unsigned: t.unsigned }),
  };
  const signed = parsePdu(hashAndSignEvent(pdu, t.version, signer.serverName, signer.keyId, signer.secretKey), t.version);
  return { ...signed, event_id: computeEventId(signed, t.version) };
}
