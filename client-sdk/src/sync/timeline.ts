/**
 * Applying one state or timeline event to a room, and announcing it.
 */
import type { ParsedEvent } from "../events/parse.js";
import { isStateEvent } from "../events/parse.js";
import type { MemberEvent, RoomEvent, StateEvent } from "../events/types.js";
import type { Room } from "../room.js";
import type { StateEntry } from "../room-state.js";
import type { ApplyContext } from "./apply.js";

/** Stores a state event; announces typed ones ("state") unless `announce` is false. Returns the entry it replaced. */
export function applyStateEntry(ctx: ApplyContext, room: Room, parsed: ParsedEvent, announce = true): StateEntry | undefined {
  if (!isStateEvent(parsed.event)) return undefined;
  const previous = room.state.set(parsed as StateEntry);
  if (!parsed.known) return previous;
  const event = parsed.event as StateEvent;
  if (event.type === "m.room.member" && event.state_key === ctx.userId) room.ownMembership = event.content.membership;
  if (announce) ctx.emitter.emit("state", { room, event });
  return previous;
}

export function applyTimelineEvent(ctx: ApplyContext, room: Room, parsed: ParsedEvent, live: boolean): void {
  const event = parsed.event;
  // Seen already (a retried answer, a gap fill that overlaps): skip it whole.
  if (parsed.known && room.history.window.has(event.event_id)) return;
  const previous = applyStateEntry(ctx, room, parsed);
  if (parsed.known) {
    const typed = parsed.event;
    room.history.append([typed]);
    if (typed.type === "m.room.redaction" && typed.content.redacts) applyRedaction(room, typed.content.redacts);
  }
  const pending = room.takePending(event);
  if (pending) {
    if (pending.markSent(event.event_id)) ctx.emitter.emit("localEcho", { room, pending });
    ctx.emitter.emit("remoteEcho", { room, pending, event });
  }
  if (!parsed.known) {
    ctx.emitter.emit("unknownEvent", { room, event: parsed.event, live });
    return;
  }
  const typed = parsed.event;
  if (typed.type === "m.room.member") {
    const before = previous?.known && previous.event.type === "m.room.member" ? (previous.event as MemberEvent).content.membership : undefined;
    ctx.emitter.emit("membership", { room, userId: typed.state_key, membership: typed.content.membership, previous: before, event: typed, live });
  }
  ctx.emitter.emit("timeline", { room, event: typed, live });
}

/** The redacted event keeps its place in the window, without its content. */
function applyRedaction(room: Room, targetId: string): void {
  const target = room.history.window.get(targetId);
  if (!target || (target.type !== "m.room.message" && target.type !== "m.reaction")) return;
  room.history.window.replace({ ...target, content: {} } as RoomEvent);
}
