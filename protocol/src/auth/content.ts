/** Typed readers for event content: the auth rules must never trust its shape. */
import type { JsonObject, JsonValue } from "../json.js";
import { isJsonObject } from "../json.js";

/** A JSON integer in the range canonical JSON can carry. */
export function isJsonInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

export function stringField(content: JsonObject, key: string): string | undefined {
  const value = content[key];
  return typeof value === "string" ? value : undefined;
}

export function objectField(content: JsonObject, key: string): JsonObject | undefined {
  const value = content[key];
  return isJsonObject(value) ? value : undefined;
}

export function hasOwn(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Own-key lookup, so keys such as `__proto__` or `toString` never reach the prototype. */
export function ownValue(object: JsonObject | undefined, key: string): JsonValue | undefined {
  return object !== undefined && hasOwn(object, key) ? object[key] : undefined;
}
