/**
 * Stored events → what clients receive (/sync, /messages, /context): client
 * format for the room's version, redacted events served redacted with
 * `redacted_because`, state events with `prev_content`/`replaces_state`,
 * and the viewer's own events with the `transaction_id` their device used
 * (clients match it to their local echo).
 *
 * The PDU is read through `pduOf` only, which opens it (encryption at rest).
 */
import {
  DEFAULT_ROOM_VERSION,
  isSupportedRoomVersion,
  redactContent,
  redactForClient,
  roomVersion,
  toClientEvent,
  type ClientEvent,
  type ClientEventWithoutRoomId,
  type JsonObject,
  type RoomVersion,
} from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import { eventsTable, type EventRow } from "../../store/tables/events.js";
import { roomsTable } from "../../store/tables/rooms.js";
import { pduOf } from "../rooms/stored-events.js";
import { replacedStateOf, txnIdsOf } from "./queries.js";

export type Viewer = { userId: string; deviceId: string | undefined };

export type FormatOptions = { viewer: Viewer; now: number };

/** Room versions by room, read once per formatter. */
export class EventFormatter {
  private readonly versions = new Map<string, RoomVersion>();

  constructor(
    private readonly q: SqlExecutor,
    private readonly options: FormatOptions,
  ) {}

  async withoutRoomId(rows: readonly EventRow[]): Promise<ClientEventWithoutRoomId[]> {
    return (await this.format(rows, false)) as ClientEventWithoutRoomId[];
  }

  async withRoomId(rows: readonly EventRow[]): Promise<ClientEvent[]> {
    return (await this.format(rows, true)) as ClientEvent[];
  }

  async versionOf(roomId: string): Promise<RoomVersion> {
    let version = this.versions.get(roomId);
    if (!version) {
      const row = await roomsTable.identity(this.q, roomId);
      // Every stored event's room has a row; the fallback only keeps a damaged room readable.
      version = roomVersion(row && isSupportedRoomVersion(row.roomVersion) ? row.roomVersion : DEFAULT_ROOM_VERSION);
      this.versions.set(roomId, version);
    }
    return version;
  }

  private async format(rows: readonly EventRow[], includeRoomId: boolean): Promise<Array<ClientEvent | ClientEventWithoutRoomId>> {
    if (rows.length === 0) return [];
    const { viewer, now } = this.options;
    const redactionIds = rows.flatMap((r) => (r.redactedBy ? [r.redactedBy] : []));
    const redactions = await eventsTable.getMany(this.q, redactionIds);
    const own = rows.filter((r) => r.sender === viewer.userId).map((r) => r.eventId);
    const txnIds = viewer.deviceId ? await txnIdsOf(this.q, viewer.userId, viewer.deviceId, own) : new Map<string, string>();
    const replaced = await replacedStateOf(this.q, rows);
    const out: Array<ClientEvent | ClientEventWithoutRoomId> = [];
    for (const row of rows) {
      const version = await this.versionOf(row.roomId);
      const unsigned: JsonObject = {};
      const txnId = txnIds.get(row.eventId);
      if (txnId !== undefined) unsigned.transaction_id = txnId;
      const previous = replaced.get(row.eventId);
      if (previous) {
        const content = pduOf(this.q, previous).content;
        unsigned.replaces_state = previous.eventId;
        unsigned.prev_content = previous.redactedBy ? redactContent(previous.type, content, version) : content;
      }
      const event = toClientEvent(pduOf(this.q, row), { now, version, includeRoomId, roomId: row.roomId, unsigned });
      const redaction = row.redactedBy ? redactions.get(row.redactedBy) : undefined;
      if (redaction) {
        const because = toClientEvent(pduOf(this.q, redaction), { now, version, includeRoomId: false, roomId: row.roomId });
        out.push(redactForClient(event, version, because as unknown as JsonObject));
      } else {
        out.push(event);
      }
    }
    return out;
  }
}
