/**
 * Fixtures for the rooms service tests: a ServiceContext on the test
 * database (memory bus, test keys, a controllable clock), users created
 * straight in the users table, and `makeRoom(creator, body)` for rooms.
 */
import { MemoryBus } from "../../../src/bus/memory.js";
import type { Bus } from "../../../src/bus/bus.js";
import type { ServiceContext } from "../../../src/services/context.js";
import { createRoomsService, type CreateRoomBody, type RoomsService } from "../../../src/services/rooms/index.js";
import { Notifier } from "../../../src/services/sync/notifier.js";
import type { Database } from "../../../src/store/database.js";
import { eventsTable, type EventRow } from "../../../src/store/tables/events.js";
import { usersTable } from "../../../src/store/tables/users.js";
import { pduOf } from "../../../src/services/rooms/stored-events.js";
import type { Tap } from "../../helpers/databases.js";
import { testKeys } from "../../helpers/homeserver.js";
import { captureLogger, testConfig } from "../../helpers/http.js";

export type RoomsFixture = {
  ctx: ServiceContext;
  rooms: RoomsService;
  bus: Bus;
  serverName: string;
  /** Creates @localpart:server (optionally with a display name), signed in once, and returns its ID. */
  user(localpart: string, displayname?: string): Promise<string>;
  makeRoom(creator: string, body?: CreateRoomBody): Promise<string>;
  /** The room's events in stream order. */
  events(roomId: string): Promise<EventRow[]>;
  /** Content of a stored event, parsed. */
  contentOf(row: EventRow): Record<string, unknown>;
  /** A second service instance on the same database (as after a restart). */
  restart(): RoomsService;
  sender(userId: string, deviceId?: string): { userId: string; deviceId: string };
  now: { value: number };
};

export async function roomsFixture(t: Tap, db: Database): Promise<RoomsFixture> {
  const bus = new MemoryBus();
  const notifier = new Notifier(bus);
  const config = testConfig();
  const now = { value: 1_700_000_000_000 };
  const ctx: ServiceContext = { db, bus, config, keys: await testKeys(), logger: captureLogger("warn").logger, clock: () => now.value, notifier };
  t.teardown(async () => {
    notifier.close();
    await bus.close();
  });
  const rooms = createRoomsService(ctx);
  return {
    ctx,
    rooms,
    bus,
    serverName: config.serverName,
    now,
    async user(localpart, displayname) {
      const userId = `@${localpart}:${config.serverName}`;
      await usersTable.insert(db, { userId, localpart, passwordHash: null, createdTs: now.value, ...(displayname !== undefined && { displayname }) });
      // Staff who have signed in: only they can be invited (the staff directory, services/staff).
      await usersTable.recordLogin(db, userId, now.value);
      return userId;
    },
    makeRoom: (creator, body = {}) => rooms.createRoom(creator, body),
    events: (roomId) => eventsTable.timeline(db, roomId, { dir: "f", from: 0, limit: 1000 }),
    contentOf: (row) => pduOf(db, row).content,
    restart: () => createRoomsService(ctx),
    sender: (userId, deviceId = "DEVICE1") => ({ userId, deviceId }),
  };
}

/** The errcode and status of a rejected promise (MatrixError), for exact assertions. */
export async function errorOf(promise: Promise<unknown>): Promise<{ status: number; errcode: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { status?: number; errcode?: string; message: string };
    return { status: e.status ?? 0, errcode: e.errcode ?? "(not a MatrixError)", message: e.message };
  }
  throw new Error("expected the promise to reject");
}
