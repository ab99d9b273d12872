/**
 * The `m.room.member` rules (rule 4 in v10/v11, rule 5 in v12): join
 * (including restricted and knock_restricted joins vouched for by
 * `join_authorised_via_users_server`), invite (plain and third-party), leave
 * (leaving, rejecting, kicking, unbanning), ban and knock.
 */
import type { JsonObject } from "../json.js";
import { isJsonObject } from "../json.js";
import type { RoomVersion } from "../room-versions.js";
import type { RoomEvent, StateMap } from "../events/pdu.js";
import { stateKeyOf } from "../events/pdu.js";
import type { AuthResult } from "./result.js";
import { ALLOWED, refuse } from "./result.js";
import { hasOwn, stringField } from "./content.js";
import { JOIN_RULES, MEMBER } from "./auth-event-types.js";
import { createEventOf, namedPowerLevel, userPowerLevel } from "./power-levels.js";
import { serverNameOf } from "./user-ids.js";
import { checkThirdPartyInviteAcceptance } from "./third-party-invite.js";

/** A user's membership in the state; no member event means `leave`. */
export function membershipOf(userId: string, authState: StateMap<RoomEvent>): string {
  const member = authState.get(stateKeyOf(MEMBER, userId));
  return (member === undefined ? undefined : stringField(member.content, "membership")) ?? "leave";
}

/** The room's join rule; like other servers, a room without one (or with a malformed one) is invite-only. */
export function joinRuleOf(authState: StateMap<RoomEvent>): string {
  const event = authState.get(stateKeyOf(JOIN_RULES, ""));
  return (event === undefined ? undefined : stringField(event.content, "join_rule")) ?? "invite";
}

/**
 * The server that must have signed a membership event because its content
 * names `join_authorised_via_users_server`; undefined when the key is absent
 * or names no server. Signature checks on receipt cover only the sender's
 * server, so whoever verifies signatures must also verify this one.
 */
export function authorisingServerOf(event: { type: string; content: JsonObject }): string | undefined {
  if (event.type !== MEMBER) return undefined;
  const authoriser = event.content["join_authorised_via_users_server"];
  return typeof authoriser === "string" ? serverNameOf(authoriser) : undefined;
}

/** Rule "join_authorised_via_users_server": the authorising user's server must have signed the event. */
function checkAuthoriserSignature(event: RoomEvent): AuthResult {
  if (!hasOwn(event.content, "join_authorised_via_users_server")) return ALLOWED;
  const server = authorisingServerOf(event);
  if (server === undefined) return refuse("content.join_authorised_via_users_server is not a user ID");
  // Only presence can be checked here; the cryptographic check belongs to signature verification,
  // which must include this server among the event's required signers.
  const signatures = Object.prototype.hasOwnProperty.call(event.signatures, server) ? event.signatures[server] : undefined;
  if (!isJsonObject(signatures) || Object.keys(signatures).length === 0) {
    return refuse(`the event is not signed by ${server}, the server of join_authorised_via_users_server`);
  }
  return ALLOWED;
}

function checkJoin(event: RoomEvent, authState: StateMap<RoomEvent>, version: RoomVersion): AuthResult {
  const create = createEventOf(authState);
  const creator = version.createHasCreatorField ? stringField(create?.content ?? {}, "creator") : create?.sender;
  const onlyPrevIsCreate = event.prev_events.length === 1 && create !== undefined && event.prev_events[0] === create.event_id;
  if (onlyPrevIsCreate && creator !== undefined && event.state_key === creator) return ALLOWED;

  if (event.sender !== event.state_key) return refuse("a user can only join as themselves: sender must match state_key");
  const current = membershipOf(event.sender, authState);
  if (current === "ban") return refuse(`${event.sender} is banned from the room`);

  const rule = joinRuleOf(authState);
  if (rule === "invite" || rule === "knock") {
    if (current === "invite" || current === "join") return ALLOWED;
    return refuse(`the join rule is ${rule} and ${event.sender} is not invited`);
  }
  if (rule === "restricted" || (rule === "knock_restricted" && version.knockRestrictedJoinRule)) {
    if (current === "invite" || current === "join") return ALLOWED;
    const authoriser = stringField(event.content, "join_authorised_via_users_server");
    if (authoriser === undefined) return refuse(`the join rule is ${rule} and the join has no join_authorised_via_users_server`);
    if (membershipOf(authoriser, authState) !== "join") return refuse(`the authorising user ${authoriser} is not joined to the room`);
    if (userPowerLevel(authoriser, authState, version) < namedPowerLevel("invite", authState)) {
      return refuse(`the authorising user ${authoriser} lacks the power level to invite`);
    }
    return ALLOWED;
  }
  if (rule === "public") return ALLOWED;
  return refuse(`joining is not allowed under join rule ${JSON.stringify(rule)}`);
}

function checkInvite(event: RoomEvent, target: string, authState: StateMap<RoomEvent>, version: RoomVersion): AuthResult {
  const targetMembership = membershipOf(target, authState);
  if (hasOwn(event.content, "third_party_invite")) return checkThirdPartyInviteAcceptance(event, targetMembership, authState);
  if (membershipOf(event.sender, authState) !== "join") return refuse(`the inviter ${event.sender} is not joined to the room`);
  if (targetMembership === "join") return refuse(`${target} is already joined`);
  if (targetMembership === "ban") return refuse(`${target} is banned and cannot be invited`);
  if (userPowerLevel(event.sender, authState, version) >= namedPowerLevel("invite", authState)) return ALLOWED;
  return refuse(`${event.sender} lacks the power level to invite`);
}

function checkLeave(event: RoomEvent, target: string, authState: StateMap<RoomEvent>, version: RoomVersion): AuthResult {
  const targetMembership = membershipOf(target, authState);
  if (event.sender === target) {
    if (targetMembership === "invite" || targetMembership === "join" || targetMembership === "knock") return ALLOWED;
    return refuse(`${target} cannot leave from membership ${targetMembership}`);
  }
  if (membershipOf(event.sender, authState) !== "join") return refuse(`${event.sender} is not joined to the room`);
  const senderLevel = userPowerLevel(event.sender, authState, version);
  if (targetMembership === "ban" && senderLevel < namedPowerLevel("ban", authState)) {
    return refuse(`${event.sender} lacks the ban level needed to unban ${target}`);
  }
  if (senderLevel >= namedPowerLevel("kick", authState) && userPowerLevel(target, authState, version) < senderLevel) {
    return ALLOWED;
  }
  return refuse(`${event.sender} lacks the power to kick ${target}`);
}

function checkBan(event: RoomEvent, target: string, authState: StateMap<RoomEvent>, version: RoomVersion): AuthResult {
  if (membershipOf(event.sender, authState) !== "join") return refuse(`${event.sender} is not joined to the room`);
  const senderLevel = userPowerLevel(event.sender, authState, version);
  if (senderLevel >= namedPowerLevel("ban", authState) && userPowerLevel(target, authState, version) < senderLevel) {
    return ALLOWED;
  }
  return refuse(`${event.sender} lacks the power to ban ${target}`);
}

function checkKnock(event: RoomEvent, authState: StateMap<RoomEvent>, version: RoomVersion): AuthResult {
  const rule = joinRuleOf(authState);
  if (rule !== "knock" && !(rule === "knock_restricted" && version.knockRestrictedJoinRule)) {
    return refuse(`knocking is not allowed under join rule ${JSON.stringify(rule)}`);
  }
  if (event.sender !== event.state_key) return refuse("a user can only knock as themselves: sender must match state_key");
  const current = membershipOf(event.sender, authState);
  if (current === "ban" || current === "invite" || current === "join") {
    return refuse(`${event.sender} cannot knock from membership ${current}`);
  }
  return ALLOWED;
}

export function checkMembershipEvent(event: RoomEvent, authState: StateMap<RoomEvent>, version: RoomVersion): AuthResult {
  const target = event.state_key;
  if (typeof target !== "string") return refuse("m.room.member must have a state_key");
  if (!hasOwn(event.content, "membership")) return refuse("m.room.member must have content.membership");
  const signed = checkAuthoriserSignature(event);
  if (!signed.allowed) return signed;

  const membership = event.content["membership"];
  switch (membership) {
    case "join":
      return checkJoin(event, authState, version);
    case "invite":
      return checkInvite(event, target, authState, version);
    case "leave":
      return checkLeave(event, target, authState, version);
    case "ban":
      return checkBan(event, target, authState, version);
    case "knock":
      return checkKnock(event, authState, version);
    default:
      return refuse(`unknown membership ${JSON.stringify(membership)}`);
  }
}
