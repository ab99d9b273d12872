/**
 * Checking a request's JSON body and query string against its endpoint.
 *
 * The first problem found becomes one EndpointValidationError whose message
 * names the field, so a client author sees "field 'user_id' must be a string"
 * rather than a schema dump. Error codes follow the spec's usage: a missing
 * required field or parameter is M_MISSING_PARAM; a body of the wrong shape
 * is M_BAD_JSON; a query value that does not parse is M_INVALID_PARAM.
 */
import type * as z from "zod";
import type { AnyEndpoint, BodyOf, QueryOf } from "./define.js";
import { EndpointValidationError } from "./errors.js";
import { queryRecord, type RawQuery } from "./query.js";

type Issue = z.core.$ZodIssue;

/** "initial_state[0].type" */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a fractional number";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  record: "an object",
};

function count(n: number, origin: string): string {
  const unit = origin === "string" ? "character" : "item";
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

function describe(issue: Issue, value: unknown, inQuery: boolean): string {
  // Only list fields take repeats; any other field given twice fails whatever its type.
  if (inQuery && Array.isArray(value)) return "must be given only once";
  switch (issue.code) {
    case "invalid_type":
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${kindOf(value)}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      if (issue.origin === "number" || issue.origin === "int") return `must be at least ${String(issue.minimum)}`;
      return `must have at least ${count(Number(issue.minimum), issue.origin)}`;
    case "too_big":
      if (issue.origin === "number" || issue.origin === "int") return `must be at most ${String(issue.maximum)}`;
      return `must have at most ${count(Number(issue.maximum), issue.origin)}`;
    case "invalid_union":
      return "has the wrong type";
    default:
      return issue.message.replace(/^Invalid input: /, "");
  }
}

function toError(issue: Issue, input: unknown, inQuery: boolean): EndpointValidationError {
  const field = fieldName(issue.path);
  const value = valueAt(input, issue.path);
  const noun = inQuery ? "query parameter" : "field";
  // JSON has no undefined, so a field that reads as undefined was left out.
  if (value === undefined) {
    return new EndpointValidationError("M_MISSING_PARAM", `missing required ${noun} '${field}'`, field);
  }
  const errcode = inQuery ? "M_INVALID_PARAM" : "M_BAD_JSON";
  const what = field === "" ? (inQuery ? "query string" : "request body") : `${noun} '${field}'`;
  return new EndpointValidationError(errcode, `${what} ${describe(issue, value, inQuery)}`, field === "" ? undefined : field);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * The typed body of a JSON request. A missing body (`undefined`) counts as
 * `{}`, because clients POST to /leave, /forget or /join with no body at all;
 * an endpoint without a body schema ignores whatever was sent. For a binary
 * endpoint the bytes are passed through.
 */
export function validateBody<E extends AnyEndpoint>(endpoint: E, json: unknown): BodyOf<E> {
  if (endpoint.binaryBody) {
    if (json instanceof Uint8Array) return json as BodyOf<E>;
    throw new EndpointValidationError("M_BAD_JSON", "request body must be raw bytes");
  }
  const schema = endpoint.body;
  if (schema === undefined) return undefined as BodyOf<E>;
  const input = json === undefined ? {} : json;
  if (!isPlainObject(input)) throw new EndpointValidationError("M_BAD_JSON", `request body must be a JSON object, not ${kindOf(input)}`);
  const result = schema.safeParse(input);
  if (!result.success) throw toError(result.error.issues[0]!, input, false);
  return result.data as BodyOf<E>;
}

/** The typed query parameters; unknown parameters are ignored. */
export function validateQuery<E extends AnyEndpoint>(endpoint: E, query: RawQuery): QueryOf<E> {
  const schema = endpoint.query;
  if (schema === undefined) return {} as QueryOf<E>;
  const input = queryRecord(query);
  const result = schema.safeParse(input);
  if (!result.success) throw toError(result.error.issues[0]!, input, true);
  return result.data as QueryOf<E>;
}
