/**
 * Events as clients see them (client-server API, `ClientEvent` and
 * `ClientEventWithoutRoomID`). Only the client keys are copied, so PDU-only
 * data (hashes, signatures, auth and prev events, depth, origin) never
 * reaches a client, and neither does the PDU's own `unsigned`, which other
 * servers control: everything in the client's `unsigned` comes from the caller.
 *
 * Redaction events carry `redacts` both at the top level and in `content` in
 * every room version, as rooms/v11 asks servers to do for compatibility.
 */
import { isEventId } from "../ids/event-id.js";
import { roomIdFromCreateEventId } from "../ids/room-id.js";
import type { JsonObject } from "../json.js";
import type { RoomVersion } from "../room-versions.js";
import { EventFormatError } from "./errors.js";
import type { RoomEvent } from "./pdu.js";
import { redactContent } from "./redaction.js";

export type ClientEventWithoutRoomId = {
  content: JsonObject;
  event_id: string;
  origin_server_ts: number;
  sender: string;
  /** Present exactly when the event is a state event. */
  state_key?: string;
  type: string;
  unsigned?: JsonObject;
  /** Only on `m.room.redaction` events. */
  redacts?: string;
};

export type ClientEvent = ClientEventWithoutRoomId & { room_id: string };

export type ClientFormatOptions = {
  /** The current time (ms since the epoch); `unsigned.age` is measured to it. */
  readonly now: number;
  readonly version: RoomVersion;
  /**
   * When this server's clock started the event's age: `origin_server_ts` for
   * local events (the default), arrival time minus the sender's `age` for
   * federated ones.
   */
  readonly ageTs?: number;
  /** Overrides the room ID; otherwise the PDU's, or for a v12 create event the one derived from its event ID. */
  readonly roomId?: string;
  /** Extra `unsigned` data: `transaction_id`, `prev_content`, `redacted_because`, `membership`, ... */
  readonly unsigned?: JsonObject;
};

const REDACTION = "m.room.redaction";

function redactsTarget(event: { type: string; content: JsonObject; redacts?: unknown }, version: RoomVersion): string | undefined {
  const first = version.redactsInContent ? event.content.redacts : event.redacts;
  const second = version.redactsInContent ? event.redacts : event.content.redacts;
  if (typeof first === "string") return first;
  return typeof second === "string" ? second : undefined;
}

function roomIdFor(event: RoomEvent, opts: ClientFormatOptions): string {
  if (opts.roomId !== undefined) return opts.roomId;
  if (typeof event.room_id === "string") return event.room_id;
  if (opts.version.roomIdFromCreateEvent && event.type === "m.room.create" && isEventId(event.event_id)) {
    return roomIdFromCreateEventId(event.event_id);
  }
  throw new EventFormatError("bad_field", `room_id: event ${event.event_id} has none and the caller gave none`);
}

export function toClientEvent(event: RoomEvent, opts: ClientFormatOptions & { readonly includeRoomId: true }): ClientEvent;
export function toClientEvent(event: RoomEvent, opts: ClientFormatOptions & { readonly includeRoomId: false }): ClientEventWithoutRoomId;
export function toClientEvent(event: RoomEvent, opts: ClientFormatOptions & { readonly includeRoomId: boolean }): ClientEventWithoutRoomId | ClientEvent;
export function toClientEvent(event: RoomEvent, opts: ClientFormatOptions & { readonly includeRoomId: boolean }): ClientEventWithoutRoomId | ClientEvent {
  const out: ClientEventWithoutRoomId & { room_id?: string } = {
    content: event.content,
    event_id: event.event_id,
    origin_server_ts: event.origin_server_ts,
    sender: event.sender,
    type: event.type,
    unsigned: { ...opts.unsigned, age: opts.now - (opts.ageTs ?? event.origin_server_ts) },
  };
  if (opts.includeRoomId) out.room_id = roomIdFor(event, opts);
  if (typeof event.state_key === "string") out.state_key = event.state_key;
  if (event.type === REDACTION) {
    const target = redactsTarget(event, opts.version);
    if (target !== undefined) {
      out.redacts = target;
      out.content = { ...event.content, redacts: target };
    }
  }
  return out;
}

/**
 * What a client shows for an event that has been redacted: content stripped by
 * the room version's algorithm, `unsigned` reduced to `age` plus
 * `redacted_because` (the redaction event, in client format). Servers can use
 * it on the fly; clients apply it when they receive an `m.room.redaction`, as
 * the client-server API asks.
 */
export function redactForClient<T extends ClientEventWithoutRoomId>(event: T, version: RoomVersion, redactedBecause: JsonObject): T {
  const content = redactContent(event.type, event.content, version);
  const age = event.unsigned?.age;
  const out: ClientEventWithoutRoomId & { room_id?: unknown } = {
    content,
    event_id: event.event_id,
    origin_server_ts: event.origin_server_ts,
    sender: event.sender,
    type: event.type,
    unsigned: { ...(age !== undefined && { age }), redacted_because: redactedBecause },
  };
  if ("room_id" in event) out.room_id = (event as { room_id?: unknown }).room_id;
  if (typeof event.state_key === "string") out.state_key = event.state_key;
  // v11 keeps content.redacts; serve it at the top level too, as for unredacted events.
  if (event.type === REDACTION && typeof content.redacts === "string") out.redacts = content.redacts;
  return out as T;
}
