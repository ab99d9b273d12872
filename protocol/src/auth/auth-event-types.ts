/**
 * Auth events selection (server-server API, "Auth events selection"): which
 * pieces of state an event's `auth_events` should point at. Used both to
 * build new events and, by `checkAuthEventsList`, to refuse events whose
 * auth_events name anything else.
 */
import type { JsonObject } from "../json.js";
import type { RoomVersion } from "../room-versions.js";
import type { StateTuple } from "../events/pdu.js";
import { objectField, stringField } from "./content.js";
import { CREATE, POWER_LEVELS } from "./power-levels.js";

export const MEMBER = "m.room.member";
export const JOIN_RULES = "m.room.join_rules";
export const THIRD_PARTY_INVITE = "m.room.third_party_invite";

/** The token of a third-party invite acceptance: `content.third_party_invite.signed.token`. */
export function thirdPartyInviteToken(content: JsonObject): string | undefined {
  const invite = objectField(content, "third_party_invite");
  const signed = invite === undefined ? undefined : objectField(invite, "signed");
  return signed === undefined ? undefined : stringField(signed, "token");
}

export function authEventTypesFor(
  event: { type: string; sender: string; state_key?: string; content: JsonObject },
  version: RoomVersion,
): StateTuple[] {
  if (event.type === CREATE) return [];
  const tuples: StateTuple[] = [];
  const seen = new Set<string>();
  const add = (type: string, stateKey: string): void => {
    const key = `${type}\u0000${stateKey}`;
    if (!seen.has(key)) {
      seen.add(key);
      tuples.push([type, stateKey]);
    }
  };
  // v12 rooms name their create event through the room ID instead.
  if (!version.roomIdFromCreateEvent) add(CREATE, "");
  add(POWER_LEVELS, "");
  add(MEMBER, event.sender);
  if (event.type !== MEMBER || typeof event.state_key !== "string") return tuples;

  add(MEMBER, event.state_key);
  const membership = stringField(event.content, "membership");
  if (membership === "join" || membership === "invite" || membership === "knock") add(JOIN_RULES, "");
  if (membership === "invite") {
    const token = thirdPartyInviteToken(event.content);
    if (token !== undefined) add(THIRD_PARTY_INVITE, token);
  }
  // Restricted joins exist in every version Ward supports (v8 onwards).
  if (membership === "join") {
    const authoriser = stringField(event.content, "join_authorised_via_users_server");
    if (authoriser !== undefined) add(MEMBER, authoriser);
  }
  return tuples;
}
