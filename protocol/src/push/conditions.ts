/**
 * Evaluation of one push condition. Conditions are read defensively: rules come
 * from storage or from clients, so a condition with a missing or mistyped
 * parameter simply does not match, exactly like an unknown kind.
 */
import type { JsonObject, JsonValue } from "../json.js";
import { containsWords, globMatches, globMatchesWords } from "./glob.js";
import { lookupProperty } from "./property-path.js";
import type { PushCondition, PushContext, PushEvent, PushScalar } from "./types.js";

/** `room` is the only notification key with a spec default (m.room.power_levels schema). */
const DEFAULT_ROOM_NOTIFICATION_LEVEL = 50;

/** Strings, booleans, null and integers in the canonical JSON range; floats and compounds are not. */
export function isPushScalar(value: unknown): value is PushScalar {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  return typeof value === "number" && Number.isSafeInteger(value);
}

/** The event's content, or {} when a malformed event has none, so rules fail rather than throw. */
export function contentOf(event: PushEvent): JsonObject {
  const content: unknown = event.content;
  return typeof content === "object" && content !== null && !Array.isArray(content) ? (content as JsonObject) : {};
}

function stringParam(condition: PushCondition, name: string): string | undefined {
  const value = (condition as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

function eventMatch(condition: PushCondition, event: PushEvent): boolean {
  const key = stringParam(condition, "key");
  const pattern = stringParam(condition, "pattern");
  if (key === undefined || pattern === undefined) return false;
  const value = lookupProperty(event, key);
  if (typeof value !== "string") return false;
  // The spec singles out content.body for word-bounded rather than whole-value matching.
  return key === "content.body" ? globMatchesWords(pattern, value) : globMatches(pattern, value);
}

function propertyIs(condition: PushCondition, event: PushEvent): boolean {
  const key = stringParam(condition, "key");
  const expected = (condition as Record<string, unknown>)["value"];
  if (key === undefined || !isPushScalar(expected)) return false;
  const actual = lookupProperty(event, key);
  return isPushScalar(actual) && actual === expected;
}

function propertyContains(condition: PushCondition, event: PushEvent): boolean {
  const key = stringParam(condition, "key");
  const expected = (condition as Record<string, unknown>)["value"];
  if (key === undefined || !isPushScalar(expected)) return false;
  const actual: JsonValue | undefined = lookupProperty(event, key);
  if (!Array.isArray(actual)) return false;
  return actual.some((item) => isPushScalar(item) && item === expected);
}

function containsDisplayName(event: PushEvent, ctx: PushContext): boolean {
  const name = ctx.displayName;
  const body = contentOf(event)["body"];
  if (name === undefined || name === "" || typeof body !== "string") return false;
  return containsWords(name, body);
}

/** Parses `is` ("2", "==2", "<10", ">=3"...) into a predicate; undefined when malformed. */
export function parseMemberCount(is: string): ((count: number) => boolean) | undefined {
  const m = /^(==|<=|>=|<|>)?([0-9]+)$/.exec(is);
  if (!m) return undefined;
  const n = Number(m[2]);
  if (!Number.isSafeInteger(n)) return undefined;
  switch (m[1]) {
    case "<":
      return (c) => c < n;
    case ">":
      return (c) => c > n;
    case "<=":
      return (c) => c <= n;
    case ">=":
      return (c) => c >= n;
    default:
      return (c) => c === n;
  }
}

function roomMemberCount(condition: PushCondition, ctx: PushContext): boolean {
  const is = stringParam(condition, "is");
  const predicate = is === undefined ? undefined : parseMemberCount(is);
  return predicate !== undefined && predicate(ctx.roomMemberCount);
}

/** The level a sender needs for notification type `key`; undefined when the room defines none. */
export function notificationLevel(key: string, levels: Record<string, number>): number | undefined {
  const level = Object.hasOwn(levels, key) ? levels[key] : undefined;
  if (typeof level === "number" && Number.isFinite(level)) return level;
  return key === "room" ? DEFAULT_ROOM_NOTIFICATION_LEVEL : undefined;
}

function senderPermission(condition: PushCondition, ctx: PushContext): boolean {
  const key = stringParam(condition, "key");
  if (key === undefined) return false;
  const required = notificationLevel(key, ctx.notificationPowerLevels);
  return required !== undefined && ctx.senderPowerLevel >= required;
}

export function conditionMatches(condition: PushCondition, event: PushEvent, ctx: PushContext): boolean {
  switch (condition.kind) {
    case "event_match":
      return eventMatch(condition, event);
    case "event_property_is":
      return propertyIs(condition, event);
    case "event_property_contains":
      return propertyContains(condition, event);
    case "contains_display_name":
      return containsDisplayName(event, ctx);
    case "room_member_count":
      return roomMemberCount(condition, ctx);
    case "sender_notification_permission":
      return senderPermission(condition, ctx);
    default:
      // Unrecognised conditions must never match (spec: "Conditions").
      return false;
  }
}
