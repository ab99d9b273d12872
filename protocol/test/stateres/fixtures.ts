/**
 * Event DAG fixtures for state resolution tests. Events get readable fake IDs
 * (`$CREATE`, `$IMA`, ...); nothing is hashed or signed, since state
 * resolution never looks at either. The builder hides the one per-version
 * difference that matters here: before room version 12 every event cites the
 * create event, from 12 on none does and the room ID names it.
 */
import type { JsonObject } from "../../src/json.js";
import { stateKeyOf, type RoomEvent, type StateMap } from "../../src/events/pdu.js";
import { ROOM_VERSIONS, type RoomVersion, type RoomVersionId } from "../../src/room-versions.js";
import type { EventSource } from "../../src/stateres/index.js";

export const ALICE = "@alice:example.org";
export const BOB = "@bob:example.org";
export const CHARLIE = "@charlie:example.org";
export const ZARA = "@zara:example.org";

export const CREATE_KEY = stateKeyOf("m.room.create", "");
export const PL_KEY = stateKeyOf("m.room.power_levels", "");
export const JR_KEY = stateKeyOf("m.room.join_rules", "");
export const TOPIC_KEY = stateKeyOf("m.room.topic", "");
export const member = (user: string): string => stateKeyOf("m.room.member", user);

export type EventSpec = {
  id: string;
  type: string;
  sender: string;
  stateKey?: string;
  content: JsonObject;
  /** Auth events other than the create event; the builder adds it where the version wants it. */
  auth?: string[];
  /** Defaults to the event added just before, so the DAG is a line unless a test says otherwise. */
  prev?: string[];
  ts: number;
};

export class Dag implements EventSource {
  readonly version: RoomVersion;
  readonly roomId: string;
  readonly byId = new Map<string, RoomEvent>();
  readonly rejected = new Set<string>();
  #last: string | undefined;

  constructor(versionId: RoomVersionId) {
    this.version = ROOM_VERSIONS[versionId];
    this.roomId = this.version.roomIdFromCreateEvent ? "!CREATE" : "!room:example.org";
  }

  get(eventId: string): RoomEvent | undefined {
    return this.byId.get(eventId);
  }

  isRejected(eventId: string): boolean {
    return this.rejected.has(eventId);
  }

  add(spec: EventSpec): RoomEvent {
    const isCreate = spec.type === "m.room.create";
    const cite = !isCreate && !this.version.roomIdFromCreateEvent ? ["$CREATE"] : [];
    const event: RoomEvent = {
      event_id: spec.id,
      ...(isCreate && this.version.roomIdFromCreateEvent ? {} : { room_id: this.roomId }),
      sender: spec.sender,
      origin_server_ts: spec.ts,
      type: spec.type,
      ...(spec.stateKey === undefined ? {} : { state_key: spec.stateKey }),
      content: spec.content,
      prev_events: spec.prev ?? (this.#last === undefined ? [] : [this.#last]),
      auth_events: [...cite, ...(spec.auth ?? [])],
      depth: this.byId.size + 1,
      hashes: { sha256: "" },
      signatures: {},
    };
    this.byId.set(spec.id, event);
    this.#last = spec.id;
    return event;
  }

  /** Power levels with `users`; v12 leaves creators (Alice) out, as its auth rules demand. */
  powerLevels(id: string, sender: string, users: Record<string, number>, auth: string[], ts: number, extra: JsonObject = {}): RoomEvent {
    const listed = { ...users };
    if (this.version.privilegedCreators) delete listed[ALICE];
    return this.add({ id, type: "m.room.power_levels", sender, stateKey: "", content: { users: listed, ...extra }, auth, ts });
  }

  membership(id: string, sender: string, target: string, membership: string, auth: string[], ts: number): RoomEvent {
    return this.add({ id, type: "m.room.member", sender, stateKey: target, content: { membership }, auth, ts });
  }

  joinRules(id: string, sender: string, rule: string, auth: string[], ts: number): RoomEvent {
    return this.add({ id, type: "m.room.join_rules", sender, stateKey: "", content: { join_rule: rule }, auth, ts });
  }

  topic(id: string, sender: string, topic: string, auth: string[], ts: number): RoomEvent {
    return this.add({ id, type: "m.room.topic", sender, stateKey: "", content: { topic }, auth, ts });
  }

  /** The state after `ids`, each filed under its own key; later IDs win. */
  state(...ids: string[]): StateMap<string> {
    const state: StateMap<string> = new Map();
    for (const id of ids) {
      const event = this.byId.get(id);
      if (event?.state_key === undefined) throw new Error(`fixture: ${id} is not a known state event`);
      state.set(stateKeyOf(event.type, event.state_key), id);
    }
    return state;
  }
}

/**
 * The room every case starts from: Alice creates it (power 100; infinite in
 * v12), makes it public, Bob and Charlie join.
 *
 *   $CREATE ← $IMA ← $IPOWER ← $IJR ← $IMB, $IMC
 */
export function baseRoom(versionId: RoomVersionId): Dag {
  const dag = new Dag(versionId);
  const createContent: JsonObject = { room_version: versionId };
  if (dag.version.createHasCreatorField) createContent["creator"] = ALICE;
  dag.add({ id: "$CREATE", type: "m.room.create", sender: ALICE, stateKey: "", content: createContent, ts: 1 });
  dag.membership("$IMA", ALICE, ALICE, "join", [], 2);
  dag.powerLevels("$IPOWER", ALICE, { [ALICE]: 100 }, ["$IMA"], 3);
  dag.joinRules("$IJR", ALICE, "public", ["$IPOWER", "$IMA"], 4);
  dag.membership("$IMB", BOB, BOB, "join", ["$IPOWER", "$IJR"], 5);
  dag.membership("$IMC", CHARLIE, CHARLIE, "join", ["$IPOWER", "$IJR"], 6);
  return dag;
}

export const BASE_STATE_IDS = ["$CREATE", "$IMA", "$IPOWER", "$IJR", "$IMB", "$IMC"];

/** A readable form of a state map for exact comparisons: "type|state_key" → event ID, sorted. */
export function show(state: StateMap<string>): Record<string, string> {
  const entries = [...state].map(([key, id]) => [key.replace("\u0000", "|"), id] as const);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}
