import type { RoomEvent } from "../events/pdu.js";

/**
 * Power events are the state events that can take an ability away: power
 * levels, join rules, and kicks or bans (a leave or ban whose sender is not
 * its target). https://spec.matrix.org/v1.16/rooms/v11/#definitions
 *
 * The spec's definition names the types without restricting the state key, so
 * neither does Ward. The create event is not a power event here; Synapse
 * counts it as one, which cannot change a result because a valid room has a
 * single create event that every state set agrees on.
 */
export function isPowerEvent(event: RoomEvent): boolean {
  if (typeof event.state_key !== "string") return false;
  switch (event.type) {
    case "m.room.power_levels":
    case "m.room.join_rules":
      return true;
    case "m.room.member": {
      const membership = event.content["membership"];
      return (membership === "leave" || membership === "ban") && event.sender !== event.state_key;
    }
    default:
      return false;
  }
}
