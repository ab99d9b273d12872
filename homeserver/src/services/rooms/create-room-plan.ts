/**
 * The events of a new room, in the order the spec's createRoom section
 * gives: create, the creator's join, power levels, canonical alias (from
 * room_alias_name), the preset's join rules / history visibility / guest access,
 * initial_state in order, name and topic, then the invites, then (a direct
 * conversation with auto-join, services/messenger) the invitees' joins. Pure:
 * the caller validates users and builds the events.
 */
import type { JsonObject, RoomVersion } from "@ward/protocol";
import type { EventDraft } from "./room-head.js";

export type Preset = "private_chat" | "public_chat" | "trusted_private_chat";

export type RoomRequest = {
  readonly creator: string;
  readonly version: RoomVersion;
  readonly preset: Preset;
  /** Profile fields for the creator's join event (omitted when unset). */
  readonly creatorProfile: { readonly displayname?: string | undefined; readonly avatar_url?: string | undefined };
  readonly invite: readonly string[];
  readonly isDirect: boolean;
  readonly name?: string | undefined;
  readonly topic?: string | undefined;
  readonly creationContent?: JsonObject | undefined;
  readonly initialState: ReadonlyArray<{ readonly type: string; readonly stateKey: string; readonly content: JsonObject }>;
  readonly powerLevelOverride?: JsonObject | undefined;
  /** The alias room_alias_name creates, set as m.room.canonical_alias unless initial_state sets one. */
  readonly canonicalAlias?: string | undefined;
  /** Invitees who join at once (a direct conversation's local members), with their join events' profile fields. */
  readonly autoJoin?: ReadonlyArray<{ readonly userId: string; readonly profile: JsonObject }> | undefined;
};

const PRESET_STATE: Readonly<Record<Preset, { joinRule: string; historyVisibility: string; guestAccess: string }>> = {
  private_chat: { joinRule: "invite", historyVisibility: "shared", guestAccess: "can_join" },
  trusted_private_chat: { joinRule: "invite", historyVisibility: "shared", guestAccess: "can_join" },
  public_chat: { joinRule: "public", historyVisibility: "shared", guestAccess: "forbidden" },
};

/** v12: the creator and, for trusted_private_chat, the invitees (plus any additional_creators asked for). */
export function additionalCreatorsOf(req: RoomRequest): string[] {
  const asked = req.creationContent?.additional_creators;
  const list = Array.isArray(asked) ? asked.filter((v): v is string => typeof v === "string") : [];
  if (req.preset === "trusted_private_chat") list.push(...req.invite);
  return [...new Set(list)].filter((id) => id !== req.creator);
}

function createContent(req: RoomRequest): JsonObject {
  const content: JsonObject = { ...req.creationContent, room_version: req.version.id };
  if (req.version.createHasCreatorField) content.creator = req.creator;
  else delete content.creator;
  if (req.version.privilegedCreators) {
    const extra = additionalCreatorsOf(req);
    if (extra.length > 0) content.additional_creators = extra;
    else delete content.additional_creators;
  }
  return content;
}

/** Synapse's defaults, which clients expect; v12 lists no creators and puts tombstones above state_default. */
function powerLevelsContent(req: RoomRequest, base: JsonObject | undefined): JsonObject {
  const users: JsonObject = {};
  if (!req.version.privilegedCreators) {
    users[req.creator] = 100;
    if (req.preset === "trusted_private_chat") for (const id of req.invite) users[id] = 100;
  }
  const defaults: JsonObject = {
    users,
    users_default: 0,
    events: {
      "m.room.name": 50,
      "m.room.power_levels": 100,
      "m.room.history_visibility": 100,
      "m.room.canonical_alias": 50,
      "m.room.avatar": 50,
      "m.room.tombstone": req.version.privilegedCreators ? 150 : 100,
      "m.room.server_acl": 100,
      "m.room.encryption": 100,
    },
    events_default: 0,
    state_default: 50,
    ban: 50,
    kick: 50,
    redact: 50,
    // Private rooms: any member may invite (Ward's private channels, and Synapse's preset).
    invite: req.preset === "public_chat" ? 50 : 0,
    historical: 100,
  };
  // power_level_content_override applies on top, key by key, as in Synapse.
  return { ...(base ?? defaults), ...req.powerLevelOverride };
}

export function planRoomDrafts(req: RoomRequest): EventDraft[] {
  const sender = req.creator;
  const state = (type: string, content: JsonObject, stateKey = ""): EventDraft => ({ sender, type, stateKey, content });
  const initialPowerLevels = req.initialState.find((s) => s.type === "m.room.power_levels" && s.stateKey === "");
  const given = new Set(req.initialState.map((s) => `${s.type}\u0000${s.stateKey}`));
  const overridden = (type: string) => given.has(`${type}\u0000`);

  const drafts: EventDraft[] = [
    state("m.room.create", createContent(req)),
    state("m.room.member", { membership: "join", ...req.creatorProfile }, sender),
    state("m.room.power_levels", powerLevelsContent(req, initialPowerLevels?.content)),
  ];
  if (req.canonicalAlias !== undefined && !overridden("m.room.canonical_alias")) drafts.push(state("m.room.canonical_alias", { alias: req.canonicalAlias }));
  const preset = PRESET_STATE[req.preset];
  if (!overridden("m.room.join_rules")) drafts.push(state("m.room.join_rules", { join_rule: preset.joinRule }));
  if (!overridden("m.room.history_visibility")) drafts.push(state("m.room.history_visibility", { history_visibility: preset.historyVisibility }));
  if (!overridden("m.room.guest_access")) drafts.push(state("m.room.guest_access", { guest_access: preset.guestAccess }));
  for (const s of req.initialState) {
    if (s === initialPowerLevels) continue; // already sent as the room's power levels
    if (s.stateKey === "" && ((s.type === "m.room.name" && req.name !== undefined) || (s.type === "m.room.topic" && req.topic !== undefined))) continue;
    drafts.push(state(s.type, s.content, s.stateKey));
  }
  if (req.name !== undefined) drafts.push(state("m.room.name", { name: req.name }));
  if (req.topic !== undefined) {
    drafts.push(state("m.room.topic", { topic: req.topic, "m.topic": { "m.text": [{ body: req.topic, mimetype: "text/plain" }] } }));
  }
  for (const invitee of req.invite) {
    drafts.push(state("m.room.member", { membership: "invite", ...(req.isDirect && { is_direct: true }) }, invitee));
  }
  for (const { userId, profile } of req.autoJoin ?? []) {
    drafts.push({ sender: userId, type: "m.room.member", stateKey: userId, content: { membership: "join", ...profile } });
  }
  return drafts;
}
