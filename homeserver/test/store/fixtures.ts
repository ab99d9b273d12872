/**
 * Row builders for store tests: a valid row with overridable fields, so a
 * test states only what it is about (Dendrite's test/room.go, in small).
 */
import { sealPduText } from "../../src/services/rooms/stored-events.js";
import type { Database, SqlExecutor, Transaction } from "../../src/store/database.js";
import { allocateStreamPositions } from "../../src/store/stream.js";
import { devicesTable, type DeviceRow } from "../../src/store/tables/devices.js";
import { eventsTable, type NewEvent } from "../../src/store/tables/events.js";
import { usersTable, type NewUser } from "../../src/store/tables/users.js";

export const T0 = 1_700_000_000_000;

export function userRow(localpart: string, mods: Partial<NewUser> = {}): NewUser {
  return { userId: `@${localpart}:ward.test`, localpart, passwordHash: "$argon2id$stub", createdTs: T0, ...mods };
}

export async function insertUser(db: Database, localpart: string, mods: Partial<NewUser> = {}): Promise<string> {
  const row = userRow(localpart, mods);
  await usersTable.insert(db, row);
  return row.userId;
}

export function deviceRow(userId: string, deviceId: string, mods: Partial<DeviceRow> = {}): DeviceRow {
  return { userId, deviceId, displayName: null, createdTs: T0, lastSeenTs: null, lastSeenIp: null, ...mods };
}

/** A user with one device. */
export async function insertUserWithDevice(db: Database, localpart: string, deviceId = "DEV1"): Promise<{ userId: string; deviceId: string }> {
  const userId = await insertUser(db, localpart);
  await devicesTable.upsert(db, deviceRow(userId, deviceId));
  return { userId, deviceId };
}

let eventCounter = 0;

/** An event row before sealing: insertEvent or appendEvent seal its small PDU with the database's cipher. */
export type EventFixture = Omit<NewEvent, "pdu"> & { pdu?: NewEvent["pdu"] };

/** An event row for `roomId`; streamPos must be set by the caller or by appendEvent. */
export function eventRow(roomId: string, mods: Partial<NewEvent> = {}): EventFixture {
  eventCounter += 1;
  const eventId = mods.eventId ?? `$ev${eventCounter}`;
  return {
    eventId,
    streamPos: 0,
    roomId,
    type: "m.room.message",
    stateKey: null,
    sender: "@alice:ward.test",
    originServerTs: T0 + eventCounter,
    depth: eventCounter,
    membership: null,
    ...mods,
  };
}

/** The fixture with its PDU sealed for its row, as the send path stores it. */
export function sealedEvent(q: SqlExecutor, event: EventFixture): NewEvent {
  const pdu = event.pdu ?? sealPduText(q, event.roomId, event.eventId, JSON.stringify({ room_id: event.roomId, type: event.type, sender: event.sender }));
  return { ...event, pdu };
}

export async function insertEvent(q: SqlExecutor, event: EventFixture): Promise<NewEvent> {
  const row = sealedEvent(q, event);
  await eventsTable.insert(q, row);
  return row;
}

export function memberEvent(roomId: string, userId: string, membership: string, mods: Partial<NewEvent> = {}): EventFixture {
  return eventRow(roomId, { type: "m.room.member", stateKey: userId, sender: userId, membership, ...mods });
}

/** Inserts the event at the next stream position, as the send path does; returns the stored row. */
export async function appendEvent(db: Database, event: EventFixture): Promise<NewEvent> {
  return db.transaction(async (tx: Transaction) => {
    const streamPos = await allocateStreamPositions(tx);
    return insertEvent(tx, { ...event, streamPos });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
