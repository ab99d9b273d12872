/**
 * Fixture builders for authorization and state-resolution tests: rooms as
 * plain event lists with made-up (but well-shaped) event IDs, fake hashes and
 * fake signatures. Nothing here is cryptographically valid except where a
 * test signs something itself.
 *
 *   const room = makeRoom("@alice:a.example", "12", joinRule("public"), member("@bob:b.example", "join"));
 *   const event = room.build({ type: "m.room.message", sender: "@bob:b.example", content: { body: "hi" } });
 *   checkEventAuth(event, room.state, room.version);
 */
import type { JsonObject } from "../../src/json.js";
import { encodeUrlSafeBase64 } from "../../src/base64.js";
import { sha256 } from "../../src/sodium.js";
import type { RoomVersion, RoomVersionId } from "../../src/room-versions.js";
import { roomVersion } from "../../src/room-versions.js";
import type { Pdu, RoomEvent, StateMap } from "../../src/events/pdu.js";
import { stateKeyOf } from "../../src/events/pdu.js";
import { authEventTypesFor } from "../../src/auth/auth-event-types.js";

/** What a test specifies about an event; every other PDU field gets a plausible default. */
export type EventSpec = Partial<Pdu> & { type: string; sender: string; content?: JsonObject; event_id?: string };

export type RoomMod = ((room: RoomFixture) => void) | { createContent: JsonObject };

let roomCounter = 0;
const BASE_TS = 1_700_000_000_000;

export function serverOf(userId: string): string {
  return userId.slice(userId.indexOf(":") + 1);
}

/** A fake event ID shaped like a real v4+ one: `$` and 43 URL-safe base64 characters. */
export function fakeEventId(seed: string): string {
  return `$${encodeUrlSafeBase64(sha256(seed))}`;
}

export function fakeSignatures(...servers: string[]): Pdu["signatures"] {
  return Object.fromEntries(servers.map((s) => [s, { "ed25519:fake": "ZmFrZXNpZ25hdHVyZQ" }]));
}

export class RoomFixture {
  readonly events: RoomEvent[] = [];
  readonly state: StateMap<RoomEvent> = new Map();
  readonly byId = new Map<string, RoomEvent>();
  roomId = "";
  private counter = 0;

  constructor(
    readonly creator: string,
    readonly version: RoomVersion,
    private readonly seed: string,
  ) {}

  get create(): RoomEvent {
    return this.events[0]!;
  }

  stateEvent(type: string, stateKey = ""): RoomEvent | undefined {
    return this.state.get(stateKeyOf(type, stateKey));
  }

  /** The events the auth events selection picks for `spec` from the current state (v10/v11 include the create event). */
  authEventsFor(spec: EventSpec): RoomEvent[] {
    const tuples = authEventTypesFor({ ...spec, content: spec.content ?? {} }, this.version);
    const found: RoomEvent[] = [];
    for (const [type, key] of tuples) {
      const event = this.stateEvent(type, key);
      if (event !== undefined) found.push(event);
    }
    return found;
  }

  /** Auth state as `checkEventAuth` wants it: the selected auth events plus, always, the create event. */
  authStateFor(spec: EventSpec): StateMap<RoomEvent> {
    const map: StateMap<RoomEvent> = new Map();
    for (const e of this.authEventsFor(spec)) map.set(stateKeyOf(e.type, e.state_key ?? ""), e);
    if (this.events.length > 0) map.set(stateKeyOf("m.room.create", ""), this.create);
    return map;
  }

  /** Builds an event on top of the current state without adding it to the room. */
  build(spec: EventSpec): RoomEvent {
    const n = ++this.counter;
    const isCreate = spec.type === "m.room.create";
    const last = this.events[this.events.length - 1];
    const event: RoomEvent = {
      event_id: fakeEventId(`${this.seed}/${n}`),
      ...(isCreate && this.version.roomIdFromCreateEvent ? {} : { room_id: this.roomId }),
      origin_server_ts: BASE_TS + n,
      content: spec.content ?? {},
      prev_events: last === undefined ? [] : [last.event_id],
      auth_events: isCreate ? [] : this.authEventsFor(spec).map((e) => e.event_id),
      depth: this.events.length + 1,
      hashes: { sha256: "ZmFrZWhhc2g" },
      signatures: fakeSignatures(serverOf(spec.sender)),
      ...spec,
    };
    return event;
  }

  /** Builds an event and appends it; state events replace the current state entry. */
  add(spec: EventSpec): RoomEvent {
    const event = this.build(spec);
    this.events.push(event);
    this.byId.set(event.event_id, event);
    if (typeof event.state_key === "string") this.state.set(stateKeyOf(event.type, event.state_key), event);
    return event;
  }

  /** Adds a membership event; `sender` defaults to the user for join/leave/knock and to the creator otherwise. */
  setMembership(userId: string, membership: string, options: { sender?: string; content?: JsonObject } = {}): RoomEvent {
    const self = membership === "join" || membership === "leave" || membership === "knock";
    const sender = options.sender ?? (self ? userId : this.creator);
    return this.add({ type: "m.room.member", sender, state_key: userId, content: { membership, ...options.content } });
  }
}

/** The power levels content `makeRoom` starts with: creator at 100 before v12, nobody listed in v12. */
export function defaultPowerLevels(creator: string, version: RoomVersion): JsonObject {
  return {
    users: version.privilegedCreators ? {} : { [creator]: 100 },
    users_default: 0,
    events: {},
    events_default: 0,
    state_default: 50,
    ban: 50,
    kick: 50,
    redact: 50,
    invite: 0,
  };
}

/** A room with only its create event and the creator's join; mods then add state. */
export function makeBareRoom(creator: string, versionId: RoomVersionId, ...mods: RoomMod[]): RoomFixture {
  const version = roomVersion(versionId);
  const seed = `room${++roomCounter}`;
  const room = new RoomFixture(creator, version, seed);
  room.roomId = `!${seed}:${serverOf(creator)}`;
  const extra = mods.flatMap((m) => (typeof m === "function" ? [] : [m.createContent]));
  const createContent: JsonObject = Object.assign(
    { room_version: versionId, ...(version.createHasCreatorField ? { creator } : {}) },
    ...extra,
  );
  const create = room.add({ type: "m.room.create", sender: creator, state_key: "", content: createContent });
  if (version.roomIdFromCreateEvent) room.roomId = `!${create.event_id.slice(1)}`;
  room.setMembership(creator, "join");
  for (const mod of mods) if (typeof mod === "function") mod(room);
  return room;
}

/** A room with create, creator join, default power levels and join rule `invite`, then the mods. */
export function makeRoom(creator: string, versionId: RoomVersionId, ...mods: RoomMod[]): RoomFixture {
  return makeBareRoom(
    creator,
    versionId,
    ...mods.filter((m) => typeof m !== "function"),
    (room) => room.add({ type: "m.room.power_levels", sender: creator, state_key: "", content: defaultPowerLevels(creator, room.version) }),
    joinRule("invite"),
    ...mods.filter((m) => typeof m === "function"),
  );
}

export const createContent = (content: JsonObject): RoomMod => ({ createContent: content });

export const joinRule = (rule: string, extra: JsonObject = {}): RoomMod => (room) =>
  room.add({ type: "m.room.join_rules", sender: room.creator, state_key: "", content: { join_rule: rule, ...extra } });

export const member = (userId: string, membership: string, options?: { sender?: string; content?: JsonObject }): RoomMod => (room) =>
  room.setMembership(userId, membership, options);

/** Replaces the power levels with the default content merged with `changes` (sent by the creator). */
export const powerLevels = (changes: JsonObject): RoomMod => (room) =>
  room.add({ type: "m.room.power_levels", sender: room.creator, state_key: "", content: { ...defaultPowerLevels(room.creator, room.version), ...changes } });

export const stateEvent = (type: string, stateKey: string, content: JsonObject, sender?: string): RoomMod => (room) =>
  room.add({ type, sender: sender ?? room.creator, state_key: stateKey, content });

export const VERSIONS: readonly RoomVersionId[] = ["10", "11", "12"];

/** Result patterns for `t.match`: `t.strictSame(result, ALLOW)` or `t.match(result, refusedWith(/banned/))`. */
export const ALLOW = { allowed: true } as const;
export const refusedWith = (reason: RegExp): { allowed: false; reason: RegExp } => ({ allowed: false, reason });

export const ALICE = "@alice:a.example";
export const BOB = "@bob:b.example";
export const CAROL = "@carol:c.example";
export const DAVE = "@dave:d.example";
