/**
 * Presence rules, pure: the row after a /sync or a PUT, and how a row reads
 * to others (GET /presence and m.presence in /sync).
 *
 * Activity (last_active_ts) is a PUT of any state (the spec: setting the
 * status updates the activity time) and a /sync that leaves the user online.
 * A sync marks the user online or unavailable, except over a state the user
 * PUT as unavailable or offline: an idle or "appear offline" choice made
 * explicitly holds until the user PUTs another state, or stops syncing and
 * is swept offline.
 */
import type { clientEphemeral } from "@ward/protocol";
import type { PresenceRow } from "../../store/tables/presence.js";

/** No /sync (or PUT) for this long: offline. Longer than the 30 s a /sync long-poll waits. */
export const OFFLINE_AFTER_MS = 60_000;
/** A syncing user's timestamps are written at most this often (per process); well below OFFLINE_AFTER_MS. */
export const SYNC_WRITE_INTERVAL_MS = 15_000;
/** Online and active this recently: currently_active. Longer than a syncing user's timestamps can lag. */
export const CURRENTLY_ACTIVE_MS = 3 * 60_000;
/** In UTF-16 code units (JavaScript string length). */
export const MAX_STATUS_MSG_LENGTH = 1024;

export type PresenceState = clientEphemeral.PresenceState;

/** The next row (its stream position left to the caller) and whether others see a change, which takes a new position. */
export type Transition = { row: Omit<PresenceRow, "streamPos">; visible: boolean };

export function afterSync(prev: PresenceRow | null, userId: string, state: "online" | "unavailable", now: number): Transition {
  const kept = prev !== null && prev.explicit && prev.state !== "online";
  const next = kept ? prev.state : state;
  return {
    row: {
      userId,
      state: next,
      statusMsg: prev?.statusMsg ?? null,
      explicit: kept,
      lastActiveTs: next === "online" || prev === null ? now : prev.lastActiveTs,
      lastSyncTs: now,
    },
    visible: prev === null || prev.state !== next,
  };
}

export function afterPut(prev: PresenceRow | null, userId: string, state: PresenceState, statusMsg: string | null, now: number): Transition {
  return {
    row: { userId, state, statusMsg, explicit: true, lastActiveTs: now, lastSyncTs: now },
    visible: prev === null || prev.state !== state || prev.statusMsg !== statusMsg,
  };
}

/** GET /presence's body and m.presence's content. currently_active only while online, as Synapse does. */
export function presenceContent(row: PresenceRow, now: number): clientEphemeral.PresenceResponse {
  const lastActiveAgo = Math.max(0, now - row.lastActiveTs);
  return {
    presence: row.state,
    last_active_ago: lastActiveAgo,
    ...(row.state === "online" && { currently_active: lastActiveAgo < CURRENTLY_ACTIVE_MS }),
    ...(row.statusMsg !== null && { status_msg: row.statusMsg }),
  };
}
