/**
 * Dot-separated property paths (spec appendix "Dot-separated property paths").
 * A literal "." or "\" inside a property name is written with a backslash in
 * front; any other backslash sequence stays as written, so `\x` names the two
 * characters `\x`.
 */
import type { JsonObject, JsonValue } from "../json.js";

/** Splits `content.m\.relates_to.rel_type` into `["content", "m.relates_to", "rel_type"]`. */
export function splitPropertyPath(path: string): string[] {
  const names: string[] = [];
  let current = "";
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]!;
    if (ch === "\\") {
      const next = path[i + 1];
      if (next === "." || next === "\\") {
        current += next;
        i++;
      } else {
        current += ch;
      }
    } else if (ch === ".") {
      names.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  names.push(current);
  return names;
}

/** Escapes one property name; only "." and "\" are escaped, as the spec recommends. */
export function escapePropertyName(name: string): string {
  return name.replace(/[.\\]/g, (c) => `\\${c}`);
}

export function joinPropertyPath(names: readonly string[]): string {
  return names.map(escapePropertyName).join(".");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The value at `path`, or undefined when any step is missing or not an object.
 * Only own properties are followed, so `constructor` or `__proto__` in a key
 * cannot reach JavaScript internals.
 */
export function lookupProperty(root: unknown, path: string): JsonValue | undefined {
  let value: unknown = root;
  for (const name of splitPropertyPath(path)) {
    if (!isObject(value) || !Object.hasOwn(value, name)) return undefined;
    value = value[name];
  }
  return value === undefined ? undefined : (value as JsonValue);
}

/**
 * Every non-object leaf (scalars and arrays) of `root`, keyed by its escaped
 * dotted path. Useful for callers that want to index an event once and answer
 * many keys; `lookupProperty` gives the same answers for those keys.
 */
export function flattenProperties(root: JsonObject): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  const walk = (object: JsonObject, prefix: string): void => {
    for (const [name, value] of Object.entries(object)) {
      const path = prefix === "" ? escapePropertyName(name) : `${prefix}.${escapePropertyName(name)}`;
      if (isObject(value)) walk(value as JsonObject, path);
      else out.set(path, value);
    }
  };
  walk(root, "");
  return out;
}
