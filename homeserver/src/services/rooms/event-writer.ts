/**
 * The ONE path by which a local event is created and stored. In one
 * transaction: room lock → in one read (head-read.ts), the transaction-ID
 * check, the state the event needs, prev_events and depth from the forward
 * extremities, and the joined members' push rules → build
 * and sign → authorise → push decisions → stream positions (as late as
 * possible: they hold the global stream lock until COMMIT) → event row,
 * current state, extremities, txn ID, push actions → COMMIT → only then a
 * wake-up on the bus.
 *
 * createRoom goes through the same steps for all its events at once: one
 * transaction, one head advanced in memory, consecutive positions.
 */
import { authEventTypesFor, roomVersion, stateKeyOf, type RoomEvent, type RoomVersion, type StateTuple } from "@ward/protocol";
import { MatrixError, roomNotFound } from "../../http/matrix-error.js";
import type { Transaction } from "../../store/database.js";
import { isUniqueViolation } from "../../store/errors.js";
import { lockRoom } from "../../store/locks.js";
import { roomsTable, type RoomIdentity } from "../../store/tables/rooms.js";
import { appendAudit } from "../audit/record.js";
import { auditEntriesForEvents } from "../audit/events.js";
import type { ServiceContext } from "../context.js";
import { persistEvents, type PendingEvent } from "./persist.js";
import { pushDecisionsFor } from "./push.js";
import { checkRedaction, REDACTION } from "./redaction.js";
import { advanceHead, buildNextEvent, eventSignerOf, type EventDraft, type RoomHead } from "./room-head.js";
import { readRoomHead } from "./head-read.js";
import { stateOfHeads } from "./stored-events.js";
import { enforceMessengerRules } from "../messenger/rules.js";

/**
 * A client's transaction ID, scoped as the spec says: to one device and one
 * request path. `key` (see txnKey) is what txn_ids stores.
 */
export type TxnRef = { readonly userId: string; readonly deviceId: string; readonly key: string };

/**
 * The stored form of a transaction ID: the endpoint, the rest of the request
 * path and, last, the client's ID, as a JSON array. The same ID sent to
 * another room, event type or endpoint is another request. /sync reads the
 * client's ID back from the last element (services/sync/queries.ts).
 */
export function txnKey(endpoint: "send" | "redact", roomId: string, pathPart: string, txnId: string): string {
  return JSON.stringify([endpoint, roomId, pathPart, txnId]);
}

/** What the room looks like under the lock, for a guard to inspect. */
export type GuardView = { readonly tx: Transaction; readonly room: RoomIdentity; readonly head: RoomHead };

export type WriteRequest = {
  readonly roomId: string;
  readonly draft: EventDraft;
  readonly txn?: TxnRef | undefined;
  /**
   * Runs under the room lock before the event is built: throw a MatrixError
   * to refuse, or return an existing event ID when there is nothing to change
   * (e.g. joining a room one is already in).
   */
  readonly guard?: ((view: GuardView) => Promise<string | undefined> | string | undefined) | undefined;
  /** Set only by account deactivation: its leave gets out of a direct conversation (services/messenger/rules.ts checks the account). */
  readonly accountDeactivation?: boolean | undefined;
};

/** `streamPos` is null when nothing was written (a retransmission, or a guard's no-op). */
export type WriteResult = { readonly eventId: string; readonly streamPos: number | null };

export type RoomPlan = {
  readonly version: RoomVersion;
  /** For versions before 12; a version 12 room's ID derives from its create event. */
  readonly roomId?: string | undefined;
  readonly creator: string;
  /** In order; the first is the m.room.create event. */
  readonly drafts: readonly EventDraft[];
  readonly isDirect: boolean;
  readonly published: boolean;
  /** Runs in the room's creating transaction, after its events: throw to create nothing (e.g. its alias is taken). */
  readonly inTransaction?: ((tx: Transaction, roomId: string) => Promise<void>) | undefined;
};

export type CreatedRoom = { readonly roomId: string; readonly eventIds: readonly string[]; readonly streamPos: number };

export interface EventWriter {
  write(request: WriteRequest): Promise<WriteResult>;
  createRoom(plan: RoomPlan): Promise<CreatedRoom>;
}

export function createEventWriter(ctx: ServiceContext): EventWriter {
  const signer = eventSignerOf(ctx.config.serverName, ctx.keys.signing);
  const serverName = ctx.config.serverName;

  /** The room's head and what else the event needs, in one read (head-read.ts); `previousEventId` set means a retransmission. */
  async function loadHead(tx: Transaction, room: RoomIdentity, draft: EventDraft, txn: TxnRef | undefined) {
    const version = roomVersion(room.roomVersion);
    const wanted = { type: draft.type, sender: draft.sender, content: draft.content, ...(draft.stateKey !== undefined && { state_key: draft.stateKey }) };
    const tuples: StateTuple[] = [["m.room.create", ""], ["m.room.power_levels", ""], ...authEventTypesFor(wanted, version)];
    const read = await readRoomHead(tx, room.roomId, tuples, txn);
    if (read.previousEventId !== null) return { previousEventId: read.previousEventId } as const;
    const state = await stateOfHeads(tx, version, read.state);
    const head: RoomHead = { roomId: room.roomId, version, state, prevEvents: read.extremities.eventIds, depth: read.extremities.depth };
    return { previousEventId: null, head, joinedPushRules: read.joinedPushRules } as const;
  }

  function publish(roomId: string, position: number, events: readonly RoomEvent[]): void {
    const userIds = [...new Set(events.filter((e) => e.type === "m.room.member" && e.state_key !== undefined).map((e) => e.state_key as string))];
    // After COMMIT: a woken reader must find what it was told about. A lost
    // wake-up only delays a long-poll; the data is committed.
    ctx.bus.publish({ kind: "stream", position, roomIds: [roomId], userIds }).catch((err: unknown) => {
      ctx.logger.warn({ err, roomId, position }, "bus publish failed");
    });
  }

  async function write(request: WriteRequest): Promise<WriteResult> {
    const { roomId, txn } = request;
    const outcome = await ctx.db.transaction(async (tx) => {
      await lockRoom(tx, roomId);
      const room = await roomsTable.identity(tx, roomId);
      // The same answer as a room hidden from the sender (messenger/rules.ts): no probing for room IDs.
      if (!room) throw roomNotFound();
      // After the room lock: a retransmission racing the original waits for it, then finds it here.
      const loaded = await loadHead(tx, room, request.draft, txn);
      if (loaded.previousEventId !== null) return { eventId: loaded.previousEventId, streamPos: null, events: [] as RoomEvent[] };
      const { head } = loaded;
      await enforceMessengerRules(tx, head, request); // Ward's messenger rules, for every local event
      const skip = request.guard ? await request.guard({ tx, room, head }) : undefined;
      if (skip !== undefined) return { eventId: skip, streamPos: null, events: [] as RoomEvent[] };
      let draft = request.draft;
      if (draft.type === REDACTION) draft = { ...draft, redacts: await checkRedaction(tx, head, draft) };
      const event = buildNextEvent(head, draft, signer, ctx.clock());
      const decisions = await pushDecisionsFor(tx, head, event, serverName, loaded.joinedPushRules);
      const pending: PendingEvent[] = [{ event, decisions }];
      const first = await persistEvents(tx, roomId, pending, txn ? { ...txn, createdTs: ctx.clock() } : undefined);
      // Audit, the last step (after the room lock and stream positions): no event without its record.
      const previousMembership = (userId: string) => head.state.get(stateKeyOf("m.room.member", userId))?.content.membership as string | undefined;
      await appendAudit(tx, ctx.clock(), auditEntriesForEvents(roomId, [event], previousMembership));
      return { eventId: event.event_id, streamPos: first, events: [event] };
    });
    if (outcome.streamPos !== null) {
      ctx.logger.debug({ roomId, eventId: outcome.eventId, streamPos: outcome.streamPos }, "event written");
      publish(roomId, outcome.streamPos, outcome.events);
    }
    return { eventId: outcome.eventId, streamPos: outcome.streamPos };
  }

  /** Builds and authorises every event of the plan in memory: a refusal stores nothing. */
  function buildRoom(plan: RoomPlan, now: number): { roomId: string; built: Array<{ event: RoomEvent; before: RoomHead }> } {
    const head: RoomHead = { roomId: plan.roomId, version: plan.version, state: new Map(), prevEvents: [], depth: 0 };
    const built: Array<{ event: RoomEvent; before: RoomHead }> = [];
    for (const draft of plan.drafts) {
      let event: RoomEvent;
      try {
        event = buildNextEvent(head, draft, signer, now);
      } catch (err) {
        // The request's own state is inconsistent (e.g. a power level override that locks the creator out).
        if (err instanceof MatrixError && err.errcode === "M_FORBIDDEN") {
          throw new MatrixError(400, "M_INVALID_ROOM_STATE", `${draft.type} (${draft.stateKey ?? "no state key"}): ${err.message}`);
        }
        throw err;
      }
      built.push({ event, before: { ...head, state: new Map(head.state), prevEvents: [...head.prevEvents] } });
      advanceHead(head, event);
    }
    if (head.roomId === undefined || !head.state.has(stateKeyOf("m.room.create", ""))) {
      throw new Error("a room plan must start with its m.room.create event");
    }
    return { roomId: head.roomId, built };
  }

  async function createRoom(plan: RoomPlan): Promise<CreatedRoom> {
    for (let attempt = 0; ; attempt++) {
      // A version 12 room ID is a hash of its create event: the same user creating the
      // same room twice in one millisecond would get the same ID. The next millisecond
      // makes a different one.
      const now = ctx.clock() + attempt;
      const { roomId, built } = buildRoom(plan, now);
      let streamPos: number;
      try {
        streamPos = await ctx.db.transaction(async (tx) => {
          await roomsTable.insert(tx, {
            roomId, roomVersion: plan.version.id, creator: plan.creator, createdTs: now, isDirect: plan.isDirect, published: plan.published,
          });
          await lockRoom(tx, roomId);
          const pending: PendingEvent[] = [];
          for (const { event, before } of built) {
            pending.push({ event, decisions: await pushDecisionsFor(tx, { ...before, roomId }, event, serverName) });
          }
          const first = await persistEvents(tx, roomId, pending, undefined);
          if (plan.inTransaction) await plan.inTransaction(tx, roomId);
          // Audit, the last step: the room exists only with its records.
          await appendAudit(tx, now, auditEntriesForEvents(roomId, built.map((b) => b.event)));
          return first + pending.length - 1;
        });
      } catch (err) {
        if (isUniqueViolation(err) && attempt < 3) continue;
        throw err;
      }
      ctx.logger.info({ roomId, version: plan.version.id, events: built.length }, "room created");
      publish(roomId, streamPos, built.map((b) => b.event));
      return { roomId, eventIds: built.map((b) => b.event.event_id), streamPos };
    }
  }

  return { write, createRoom };
}
