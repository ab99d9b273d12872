/**
 * What a list of actions means for delivery: whether to notify, highlight, and
 * which tweaks to hand to the push gateway.
 */
import type { JsonValue } from "../json.js";
import type { PushAction } from "./types.js";

const HISTORICAL = new Set<unknown>(["dont_notify", "coalesce"]);

/** Drops `dont_notify` and `coalesce`, which the spec says to ignore by stripping. */
export function stripHistoricalActions(actions: readonly PushAction[]): PushAction[] {
  return actions.filter((action) => !HISTORICAL.has(action));
}

export type NotificationDecision = {
  notify: boolean;
  highlight: boolean;
  /** The sound tweak's value, when one is set. */
  sound?: string;
  /** Every tweak that was set, for the push gateway's `tweaks` object; later actions win. */
  tweaks: Record<string, JsonValue>;
};

export function notificationOf(actions: readonly PushAction[]): NotificationDecision {
  let notify = false;
  const tweaks: Record<string, JsonValue> = {};
  for (const action of actions) {
    if (action === "notify") {
      notify = true;
      continue;
    }
    if (typeof action !== "object" || action === null || typeof action.set_tweak !== "string") continue;
    const name = action.set_tweak;
    if (name === "highlight") {
      // A highlight tweak without a value means true (spec: "Actions").
      tweaks[name] = action.value === undefined || action.value === true;
    } else if (name === "sound") {
      if (typeof action.value === "string") tweaks[name] = action.value;
    } else if (action.value !== undefined) {
      // defineProperty so a tweak named "__proto__" stays an ordinary key.
      Object.defineProperty(tweaks, name, { value: action.value, enumerable: true, writable: true, configurable: true });
    }
  }
  const decision: NotificationDecision = { notify, highlight: tweaks["highlight"] === true, tweaks };
  const sound = tweaks["sound"];
  if (typeof sound === "string") decision.sound = sound;
  return decision;
}

/**
 * How one event adds to /sync's `unread_notifications`. `highlight_count` counts
 * unread *notifications* with the highlight flag, so a highlight tweak without
 * `notify` adds to neither count.
 */
export function unreadCountsOf(actions: readonly PushAction[]): { notification: boolean; highlight: boolean } {
  const { notify, highlight } = notificationOf(actions);
  return { notification: notify, highlight: notify && highlight };
}
