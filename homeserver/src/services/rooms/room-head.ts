/**
 * Building the next event of a room. A `RoomHead` is what the next local
 * event needs: the room's version, the state it is authorised against, and
 * the forward extremities (prev_events) and their depth. The event writer
 * loads it from the database under the room lock; createRoom starts from an
 * empty head and advances it in memory, event by event, so both paths build
 * and authorise events the same way.
 */
import {
  authEventTypesFor,
  buildEvent,
  checkEventAuth,
  EventFormatError,
  parseEventId,
  roomIdFromCreateEventId,
  stateKeyOf,
  type EventSigner,
  type JsonObject,
  type RoomEvent,
  type RoomVersion,
  type StateMap,
} from "@ward/protocol";
import { badJson, forbidden, tooLarge } from "../../http/matrix-error.js";

/** What a local user (or createRoom) asks to send. */
export type EventDraft = {
  readonly sender: string;
  readonly type: string;
  /** Present (possibly "") for state events. */
  readonly stateKey?: string | undefined;
  readonly content: JsonObject;
  /** Only for m.room.redaction: the event redacted. */
  readonly redacts?: string | undefined;
};

export type RoomHead = {
  /** Undefined only before the create event of a version 12 room, whose ID derives from it. */
  roomId: string | undefined;
  readonly version: RoomVersion;
  /** Current state; at least what authorising the next event needs, keyed by stateKeyOf. */
  readonly state: StateMap<RoomEvent>;
  prevEvents: string[];
  /** Largest depth among prevEvents (0 before the first event). */
  depth: number;
};

/** Builds, signs and authorises the next event. Throws 403 M_FORBIDDEN with the auth rule's reason, or 400/413 for a malformed event. */
export function buildNextEvent(head: RoomHead, draft: EventDraft, signer: EventSigner, now: number): RoomEvent {
  const authEvents: string[] = [];
  const wanted = { type: draft.type, sender: draft.sender, content: draft.content, ...(draft.stateKey !== undefined && { state_key: draft.stateKey }) };
  for (const [type, stateKey] of authEventTypesFor(wanted, head.version)) {
    const event = head.state.get(stateKeyOf(type, stateKey));
    if (event) authEvents.push(event.event_id);
  }
  let event: RoomEvent;
  try {
    event = buildEvent(
      {
        version: head.version,
        ...(head.roomId !== undefined && { roomId: head.roomId }),
        sender: draft.sender,
        type: draft.type,
        ...(draft.stateKey !== undefined && { stateKey: draft.stateKey }),
        content: draft.content,
        prevEvents: head.prevEvents,
        authEvents,
        depth: head.depth + 1,
        originServerTs: now,
        ...(draft.redacts !== undefined && { redacts: draft.redacts }),
      },
      signer,
    );
  } catch (err) {
    if (err instanceof EventFormatError) throw err.reason === "too_large" ? tooLarge(err.message) : badJson(err.message);
    throw err;
  }
  const verdict = checkEventAuth(event, head.state, head.version);
  if (!verdict.allowed) throw forbidden(verdict.reason);
  return event;
}

/** Moves the head past an event just built: it becomes the only extremity, and its state applies. */
export function advanceHead(head: RoomHead, event: RoomEvent): void {
  head.prevEvents = [event.event_id];
  head.depth = event.depth;
  if (head.roomId === undefined && event.type === "m.room.create") head.roomId = roomIdFromCreateEventId(parseEventId(event.event_id));
  if (typeof event.state_key === "string") head.state.set(stateKeyOf(event.type, event.state_key), event);
}

/** The server's signer for events. */
export function eventSignerOf(serverName: string, key: { keyId: string; secretKey: Uint8Array }): EventSigner {
  return { serverName, keyId: key.keyId, secretKey: key.secretKey };
}
