/**
 * One definition per HTTP endpoint (ruma's `metadata!`, in TypeScript): the
 * homeserver routes and validates with it, the client SDK builds requests
 * with it, so the two cannot drift apart.
 *
 * Request bodies and query strings are zod schemas because they are checked
 * at run time on the server; responses are plain TypeScript types because the
 * server produces them and the client trusts its server.
 */
import type * as z from "zod";
import { EndpointDefinitionError } from "./errors.js";
import { parseTemplate, type ParsedTemplate, type PathParams } from "./template.js";

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE";

/**
 * Who may call: "none" (anyone), "optional" (a token changes the answer but is
 * not needed), "required" (a user's access token), "server" (a federation
 * request signed with an `X-Matrix` Authorization header).
 */
export type EndpointAuth = "none" | "optional" | "required" | "server";

/** How a response body is encoded; `T` exists only at the type level. */
export type ResponseSpec<T> = {
  readonly kind: "json" | "binary";
  /** Never set at run time: it carries the response type for `ResponseOf`. */
  readonly __type?: T;
};

const JSON_RESPONSE: ResponseSpec<never> = Object.freeze({ kind: "json" });
const BINARY_RESPONSE: ResponseSpec<Uint8Array> = Object.freeze({ kind: "binary" });

/** Declares a JSON response of type `T`. */
export function jsonResponse<T>(): ResponseSpec<T> {
  return JSON_RESPONSE as ResponseSpec<T>;
}

/** Declares a response whose body is raw bytes (media downloads and thumbnails). */
export function binaryResponse(): ResponseSpec<Uint8Array> {
  return BINARY_RESPONSE;
}

/** Query schemas map parameter names to parsed values; see query.ts for the field helpers. */
export type QuerySchema = z.ZodType<Record<string, unknown>>;

export type EndpointInit = {
  /** Stable dotted name, e.g. "client.rooms.send"; used in logs, metrics and rate-limit buckets. */
  readonly id: string;
  readonly summary: string;
  readonly method: HttpMethod;
  /** Canonical path template, e.g. "/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}". */
  readonly path: string;
  /** Older templates served too (the `r0` paths); they must have the same parameters. */
  readonly aliases?: readonly string[];
  readonly auth: EndpointAuth;
  readonly rateLimited: boolean;
  /** Schema of the JSON request body. */
  readonly body?: z.ZodType;
  /** The request body is raw bytes (media upload), not JSON. */
  readonly binaryBody?: boolean;
  readonly query?: QuerySchema;
  readonly response: ResponseSpec<unknown>;
  /**
   * The last path parameter may be empty, and its segment may then be left
   * out: `/state/m.room.name/` and `/state/m.room.name` both mean state key "".
   */
  readonly emptyLastParam?: boolean;
};

export type Endpoint<I extends EndpointInit = EndpointInit> = I & {
  // Readable on every definition; `BodyOf` and `QueryOf` still see only the declared ones.
  readonly body?: z.ZodType;
  readonly query?: QuerySchema;
  readonly aliases: readonly string[];
  readonly binaryBody: boolean;
  readonly emptyLastParam: boolean;
  readonly paramNames: readonly string[];
  /** The canonical template first, then the aliases. */
  readonly templates: readonly ParsedTemplate[];
};

export type AnyEndpoint = Endpoint<EndpointInit>;

export type ParamsOf<E extends { readonly path: string }> = PathParams<E["path"]>;

/** The validated request body a handler receives. */
export type BodyOf<E> = E extends { readonly body: infer S extends z.ZodType }
  ? z.output<S>
  : E extends { readonly binaryBody: true }
    ? Uint8Array
    : undefined;

/** The request body a client sends (differs from `BodyOf` only where a schema transforms). */
export type BodyInputOf<E> = E extends { readonly body: infer S extends z.ZodType } ? z.input<S> : BodyOf<E>;

/** Parsed query parameters; a client passes the same shape to `encodeQuery`. */
export type QueryOf<E> = E extends { readonly query: infer Q extends QuerySchema } ? z.output<Q> : Record<string, never>;

export type ResponseOf<E> = E extends { readonly response: ResponseSpec<infer R> } ? R : never;

const ID = /^[a-z]+(\.[A-Za-z0-9]+)+$/;

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((n, i) => b[i] === n);
}

const defined = new WeakSet<object>();

/** True for objects made by `defineEndpoint` (the registry collects them from the area modules). */
export function isEndpoint(value: unknown): value is AnyEndpoint {
  return typeof value === "object" && value !== null && defined.has(value);
}

export function defineEndpoint<const I extends EndpointInit>(init: I): Endpoint<I> {
  const where = `endpoint ${init.id}`;
  if (!ID.test(init.id)) throw new EndpointDefinitionError(`${where}: id must be dotted lower-camel words`);
  const aliases = init.aliases ?? [];
  const templates = [init.path, ...aliases].map(parseTemplate);
  const canonical = templates[0]!;
  for (const alias of templates.slice(1)) {
    if (!sameNames(alias.paramNames, canonical.paramNames)) {
      throw new EndpointDefinitionError(`${where}: alias ${alias.template} has parameters [${alias.paramNames}], expected [${canonical.paramNames}]`);
    }
  }
  const emptyLastParam = init.emptyLastParam ?? false;
  if (emptyLastParam && templates.some((t) => t.segments[t.segments.length - 1]?.kind !== "param")) {
    throw new EndpointDefinitionError(`${where}: emptyLastParam needs a template ending in a parameter`);
  }
  const binaryBody = init.binaryBody ?? false;
  if ((init.body !== undefined || binaryBody) && init.method === "GET") {
    throw new EndpointDefinitionError(`${where}: a GET request has no body`);
  }
  if (init.body !== undefined && binaryBody) throw new EndpointDefinitionError(`${where}: body is either JSON or binary`);
  const endpoint = Object.freeze({ ...init, aliases, binaryBody, emptyLastParam, paramNames: canonical.paramNames, templates });
  defined.add(endpoint);
  return endpoint;
}
