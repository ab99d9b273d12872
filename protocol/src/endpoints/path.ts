/**
 * Turning templates into request paths and back.
 *
 * Every parameter is percent-encoded as one segment, so IDs holding "/", "?",
 * "#" or "%" (event IDs are base64 and may contain "/") can never change the
 * shape of a path; matching splits the raw path on "/" first and decodes each
 * segment after, for the same reason.
 */
import type { AnyEndpoint, ParamsOf } from "./define.js";
import { EndpointPathError, EndpointValidationError } from "./errors.js";
import type { ParsedTemplate } from "./template.js";

/** `buildPath`'s params argument, optional when the template has none. */
export type PathParamsArg<E extends AnyEndpoint> = keyof ParamsOf<E> extends never ? [params?: ParamsOf<E>] : [params: ParamsOf<E>];

function encodeSegment(name: string, value: unknown, mayBeEmpty: boolean): string {
  if (typeof value !== "string") throw new EndpointPathError(name, `path parameter ${name} is missing`);
  if (value === "" && !mayBeEmpty) throw new EndpointPathError(name, `path parameter ${name} is empty`);
  try {
    return encodeURIComponent(value);
  } catch {
    throw new EndpointPathError(name, `path parameter ${name} is not well-formed Unicode`);
  }
}

/** The canonical request path for `endpoint` with `params` filled in. */
export function buildPath<E extends AnyEndpoint>(endpoint: E, ...[params]: PathParamsArg<E>): string {
  const values = (params ?? {}) as Record<string, unknown>;
  const template = endpoint.templates[0]!;
  const last = template.segments.length - 1;
  const parts = template.segments.map((seg, i) =>
    seg.kind === "literal" ? seg.text : encodeSegment(seg.name, values[seg.name], endpoint.emptyLastParam && i === last),
  );
  return "/" + parts.join("/");
}

/** "{roomId}" → ":roomId": the template in the syntax of @koa/router (path-to-regexp). */
export function toRouterPath(template: string): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ":$1");
}

/**
 * Every router pattern that should reach `endpoint`: the canonical path and
 * its aliases, without a trailing slash (the router's non-strict matching
 * accepts one either way), plus the form without the last parameter for
 * endpoints whose last parameter may be empty, since a router parameter
 * cannot match an empty segment. Handlers take their parameters from
 * `matchPath`, which fills that parameter in as "".
 */
export function routerPaths(endpoint: AnyEndpoint): string[] {
  const out: string[] = [];
  for (const t of endpoint.templates) {
    const path = toRouterPath(t.trailingSlash ? t.template.slice(0, -1) : t.template);
    out.push(path);
    if (endpoint.emptyLastParam) out.push(path.slice(0, path.lastIndexOf("/")));
  }
  return out;
}

function decodeSegment(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new EndpointValidationError("M_INVALID_PARAM", `path parameter ${name} is not valid percent-encoding`, name);
  }
}

function matchTemplate(t: ParsedTemplate, segs: readonly string[], emptyLastParam: boolean): Record<string, string> | null {
  const n = t.segments.length;
  // One segment short: "/pushrules" for "/pushrules/", or "/state/m.room.name" for an empty state key.
  const short = segs.length === n - 1 && (t.trailingSlash || emptyLastParam);
  if (segs.length !== n && !short) return null;
  const raw: Array<[string, string]> = [];
  for (let i = 0; i < n; i++) {
    const seg = t.segments[i]!;
    const given = segs[i];
    const isLast = i === n - 1;
    if (seg.kind === "literal") {
      if (given === undefined ? !(isLast && short) : given !== seg.text) return null;
      continue;
    }
    const value = given ?? "";
    if (value === "" && !(isLast && emptyLastParam)) return null;
    raw.push([seg.name, value]);
  }
  const params: Record<string, string> = {};
  for (const [name, value] of raw) params[name] = decodeSegment(name, value);
  return params;
}

/**
 * The decoded path parameters if `pathname` (raw, still percent-encoded, no
 * query string) is a path of `endpoint`, under its canonical template or an
 * alias; null otherwise. Throws EndpointValidationError (M_INVALID_PARAM)
 * when the path fits but a parameter is not valid percent-encoding.
 */
export function matchPath<E extends AnyEndpoint>(endpoint: E, pathname: string): ParamsOf<E> | null {
  if (!pathname.startsWith("/")) return null;
  const segs = pathname.slice(1).split("/");
  for (const t of endpoint.templates) {
    const params = matchTemplate(t, segs, endpoint.emptyLastParam);
    if (params) return params as ParamsOf<E>;
  }
  return null;
}
