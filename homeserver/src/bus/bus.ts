/**
 * The bus carries wake-up hints between homeserver processes. It is never the
 * source of truth: a message says "something at or below this stream position
 * concerns these rooms/users", and whoever wakes reads Postgres. Losing a
 * message delays a wake-up; it never loses data.
 *
 * Publish only after COMMIT, so a woken reader can see what it was told about.
 */

export type StreamWake = {
  kind: "stream";
  /** Highest stream position the publisher has committed. */
  position: number;
  /** Rooms the change concerns (members of these rooms are woken). */
  roomIds: string[];
  /** Users the change concerns directly (invites, account data, own device changes). */
  userIds: string[];
};

/** Ephemeral, not stored in Postgres: typing notifications and the like (see the typing service). */
export type EphemeralWake = {
  kind: "ephemeral";
  roomIds: string[];
  userIds: string[];
  /** Opaque payload the owning service understands, e.g. typing state. */
  payload: { type: string; [key: string]: unknown };
};

/** A session was revoked (logout, device deletion): processes holding its long-polls end them at once. */
export type SessionRevoked = { kind: "session-revoked"; tokenHashes: string[] };

export type BusMessage = StreamWake | EphemeralWake | SessionRevoked;

export type BusListener = (message: BusMessage) => void;

export interface Bus {
  publish(message: BusMessage): Promise<void>;
  /** Returns the function that unsubscribes. Listeners also receive this process's own messages. */
  subscribe(listener: BusListener): () => void;
  close(): Promise<void>;
}
