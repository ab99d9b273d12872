/**
 * Building a request from an endpoint definition: the client-side inverse of
 * `matchPath` and `validateQuery`. Pure: it yields the method, the encoded
 * path and query string and the body to send, and leaves the transport
 * (fetch, headers, JSON encoding) to the caller.
 *
 * The argument's type follows the definition: path parameters are required
 * when the template has any, the query when one of its fields is required,
 * the body when the endpoint takes one; an endpoint without a body refuses one.
 */
import type * as z from "zod";
import type { AnyEndpoint, BodyInputOf, HttpMethod, ParamsOf, QueryOf, QuerySchema } from "./define.js";
import { buildPath } from "./path.js";
import { encodeQuery, type QueryValue } from "./query.js";

type ParamsPart<E extends AnyEndpoint> = keyof ParamsOf<E> extends never ? { params?: ParamsOf<E> } : { params: ParamsOf<E> };

type QueryPart<E extends AnyEndpoint> = E extends { readonly query: QuerySchema }
  ? Record<string, never> extends QueryOf<E>
    ? { query?: QueryOf<E> }
    : { query: QueryOf<E> }
  : { query?: never };

type BodyPart<E extends AnyEndpoint> = E extends { readonly body: z.ZodType }
  ? { body: BodyInputOf<E> }
  : E extends { readonly binaryBody: true }
    ? { body: Uint8Array }
    : { body?: never };

/** What a caller supplies to call `E`: `{ params, query, body }` as the definition asks. */
export type RequestInput<E extends AnyEndpoint> = ParamsPart<E> & QueryPart<E> & BodyPart<E>;

/** `RequestInput` as an optional argument when every part of it is optional. */
export type RequestInputArg<E extends AnyEndpoint> = Record<string, never> extends RequestInput<E>
  ? [input?: RequestInput<E>]
  : [input: RequestInput<E>];

export type BuiltRequest = {
  readonly method: HttpMethod;
  /** The canonical path, parameters percent-encoded. */
  readonly path: string;
  /** Encoded query string without the leading "?"; "" when there is none. */
  readonly query: string;
  /** `path`, then `?query` when the query is not empty: what to append to the server's base URL. */
  readonly target: string;
  /** "json": send `body` as JSON; "binary": send the bytes as they are; "none": no body. */
  readonly bodyKind: "json" | "binary" | "none";
  readonly body: unknown;
};

/**
 * The request for `endpoint`. Throws EndpointPathError when a path parameter
 * is missing or empty (a caller's bug, caught before anything is sent).
 */
export function buildRequest<E extends AnyEndpoint>(endpoint: E, ...[input]: RequestInputArg<E>): BuiltRequest {
  const given = (input ?? {}) as { params?: Record<string, string>; query?: Record<string, QueryValue>; body?: unknown };
  const path = buildPath(endpoint as AnyEndpoint, given.params ?? {});
  const query = given.query === undefined ? "" : encodeQuery(given.query);
  const bodyKind = endpoint.binaryBody ? "binary" : endpoint.body !== undefined ? "json" : "none";
  // A JSON endpoint called without a body still sends "{}": the server treats a missing body that way too.
  const body = bodyKind === "none" ? undefined : (given.body ?? (bodyKind === "json" ? {} : new Uint8Array()));
  return { method: endpoint.method, path, query, target: query === "" ? path : `${path}?${query}`, bodyKind, body };
}
