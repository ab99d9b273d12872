/**
 * Who an event notifies or highlights: every local user joined to the room
 * except the sender (and the invitee of an invite, whose "invite for me"
 * rule concerns them), each through their own push rules with the room facts
 * the rules need. Runs in the writer's transaction, before stream positions
 * are taken, so the stream lock is not held while rules are evaluated.
 *
 * Never notified: the sender (of their own events), and the user a member
 * event moves out of the room (kicked or banned: they no longer see it).
 * A member event is evaluated with `unsigned.prev_content` (the member's
 * previous state, as clients receive it), so a rule can tell a display name
 * change from a join (Ward's default rules do: rooms/push-rules-source.ts).
 */
import {
  evaluatePushRules,
  notificationOf,
  parseUserId,
  stateKeyOf,
  userIdServer,
  userPowerLevel,
  type PushContext,
  type PushEvent,
  type RoomEvent,
} from "@ward/protocol";
import type { SqlExecutor } from "../../store/database.js";
import type { JoinedPushRules } from "./head-read.js";
import type { RoomHead } from "./room-head.js";
import { pushRulesOf } from "./push-rules-source.js";

export type PushDecision = { userId: string; notify: boolean; highlight: boolean };

const MEMBER = "m.room.member";

function isLocal(userId: string, serverName: string): boolean {
  try {
    return userIdServer(parseUserId(userId)) === serverName;
  } catch {
    return false;
  }
}

function notificationLevelsOf(head: RoomHead): Record<string, number> {
  const content = head.state.get(stateKeyOf("m.room.power_levels", ""))?.content;
  const levels: Record<string, number> = {};
  const notifications = content?.notifications;
  if (typeof notifications === "object" && notifications !== null && !Array.isArray(notifications)) {
    for (const [key, value] of Object.entries(notifications)) if (typeof value === "number" && Number.isSafeInteger(value)) levels[key] = value;
  }
  return levels;
}

/**
 * The decisions for one event against `head` (the state BEFORE the event: the
 * members who receive it). Users the event does not notify are left out.
 */
export async function pushDecisionsFor(
  q: SqlExecutor, head: RoomHead, event: RoomEvent, serverName: string, joinedPushRules?: JoinedPushRules,
): Promise<PushDecision[]> {
  const joined: RoomEvent[] = [];
  for (const stateEvent of head.state.values()) {
    if (stateEvent.type === MEMBER && stateEvent.content.membership === "join") joined.push(stateEvent);
  }
  const recipients = new Set<string>();
  for (const member of joined) if (member.state_key !== undefined) recipients.add(member.state_key);
  if (event.type === MEMBER && event.state_key !== undefined) {
    if (event.content.membership === "invite") recipients.add(event.state_key);
    else recipients.delete(event.state_key);
  }
  recipients.delete(event.sender);
  for (const userId of recipients) if (!isLocal(userId, serverName)) recipients.delete(userId);
  if (recipients.size === 0) return [];

  const rules = await pushRulesOf(q, [...recipients], joinedPushRules);
  const previous = event.state_key === undefined ? undefined : head.state.get(stateKeyOf(event.type, event.state_key));
  const pushEvent: PushEvent = {
    type: event.type,
    sender: event.sender,
    room_id: head.roomId ?? "",
    content: event.content,
    event_id: event.event_id,
    origin_server_ts: event.origin_server_ts,
    ...(event.state_key !== undefined && { state_key: event.state_key }),
    ...(previous !== undefined && { unsigned: { prev_content: previous.content } }),
  };
  const senderPowerLevel = userPowerLevel(event.sender, head.state, head.version);
  const notificationPowerLevels = notificationLevelsOf(head);
  const decisions: PushDecision[] = [];
  for (const userId of [...recipients].sort()) {
    const ruleset = rules.get(userId);
    if (!ruleset) continue;
    const displayName = head.state.get(stateKeyOf(MEMBER, userId))?.content.displayname;
    const ctx: PushContext = {
      userId,
      roomMemberCount: joined.length,
      senderPowerLevel,
      notificationPowerLevels,
      ...(typeof displayName === "string" && { displayName }),
    };
    const { notify, highlight } = notificationOf(evaluatePushRules(ruleset, pushEvent, ctx));
    if (notify || highlight) decisions.push({ userId, notify, highlight });
  }
  return decisions;
}
