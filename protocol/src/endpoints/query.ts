/**
 * Query-string fields. A URL carries only strings, so each helper takes the
 * string form and yields the typed value; `encodeQuery` is the inverse the
 * client SDK uses, and the tests check the round trip.
 *
 * A parameter given twice arrives as an array; single-valued fields refuse
 * that rather than silently picking one of the values.
 */
import * as z from "zod";

/** Query parameters as a server framework hands them over (Koa's `ctx.query`). */
export type RawQuery = URLSearchParams | Readonly<Record<string, string | readonly string[] | undefined>>;

const INTEGER = /^-?[0-9]+$/;

export function queryString() {
  return z.string();
}

/** An integer in decimal; bounds are inclusive. */
export function queryInt(bounds: { min?: number; max?: number } = {}) {
  let int = z.int();
  if (bounds.min !== undefined) int = int.min(bounds.min);
  if (bounds.max !== undefined) int = int.max(bounds.max);
  return z
    .string()
    .regex(INTEGER, { error: "must be an integer" })
    .transform((s) => Number(s))
    .pipe(int);
}

/** "true" or "false", the only spellings the Matrix spec uses for booleans in query strings. */
export function queryBool() {
  return z.stringbool({ truthy: ["true"], falsy: ["false"], case: "sensitive" });
}

export function queryEnum<const V extends readonly [string, ...string[]]>(values: V) {
  return z.enum(values);
}

/** A parameter that may repeat (`?via=a&via=b`); one occurrence gives a one-element list. */
export function queryList() {
  return z.union([z.string(), z.array(z.string())]).transform((v): string[] => (typeof v === "string" ? [v] : v));
}

/** The record form of a query, merging repeated names into arrays. */
export function queryRecord(query: RawQuery): Record<string, string | string[]> {
  if (!(query instanceof URLSearchParams)) {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(query)) if (v !== undefined) out[k] = typeof v === "string" ? v : [...v];
    return out;
  }
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of query) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | null | undefined;

/**
 * Serialises typed query values ("a=1&b=x%20y", no leading "?"): numbers in
 * decimal, booleans as "true"/"false", lists as repeated names; null and
 * undefined are left out.
 */
export function encodeQuery(values: Readonly<Record<string, QueryValue>>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    const list: readonly (string | number | boolean)[] = Array.isArray(value) ? value : [value as string | number | boolean];
    for (const item of list) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
  }
  return parts.join("&");
}
