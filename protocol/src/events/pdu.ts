/**
 * The persistent data unit (PDU): a room event as servers store, hash, sign
 * and exchange it. Shapes follow the Server-Server API for room versions
 * 10-12 (`content/rooms/v4-event-format`, `v11-event-format`, `v12-event-format`).
 */
import type { JsonObject } from "../json.js";

/** Signatures: server name → key ID (`ed25519:...`) → unpadded base64 signature. */
export type Signatures = Record<string, Record<string, string>>;

export type Pdu = {
  /** Absent only on the `m.room.create` event of room version 12, whose room ID is derived from it. */
  room_id?: string;
  sender: string;
  origin_server_ts: number;
  type: string;
  state_key?: string;
  content: JsonObject;
  prev_events: string[];
  auth_events: string[];
  depth: number;
  hashes: { sha256: string };
  signatures: Signatures;
  unsigned?: JsonObject;
  /** Top-level only in room versions before 11; v11+ carries it in `content.redacts`. */
  redacts?: string;
  /** Legacy top-level keys some servers still send; preserved by hashing, dropped by v11 redaction. */
  origin?: string;
  membership?: string;
  prev_state?: unknown;
  [extra: string]: unknown;
};

/** A PDU together with its event ID (computed from the reference hash, never trusted from the wire). */
export type RoomEvent = Pdu & { readonly event_id: string };

/** The key of a piece of room state: (event type, state key). */
export type StateTuple = readonly [type: string, stateKey: string];

/** Map key for a state tuple. NUL cannot appear in either part of a valid tuple's JSON string, so joining is unambiguous. */
export function stateKeyOf(type: string, stateKey: string): string {
  return `${type}\u0000${stateKey}`;
}

export function splitStateKey(key: string): StateTuple {
  const i = key.indexOf("\u0000");
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Room state: state-key string (see `stateKeyOf`) → value (an event, or an event ID). */
export type StateMap<T> = Map<string, T>;

export function isStateEvent(event: Pick<Pdu, "state_key">): boolean {
  return typeof event.state_key === "string";
}
