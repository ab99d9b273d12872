/**
 * Finds the route for a request path. Matching itself is @ward/protocol's
 * `matchPath` (raw path split on "/", then each segment percent-decoded, so
 * an encoded "/" inside an ID never changes the path's shape); this table
 * only narrows the candidates, by the literal segments a template starts
 * with, so a request is tried against a handful of endpoints, not all.
 *
 * When several templates fit one path, the more specific wins: at the first
 * segment where they differ, a literal beats a parameter.
 */
import { matchPath, type AnyEndpoint } from "@ward/protocol";
import type { RouteDef } from "./route.js";

/** Templates are indexed by up to this many leading literal segments. */
const INDEX_DEPTH = 4;

type Entry = { readonly route: RouteDef; readonly rank: readonly number[] };

export type RouteMatch = { route: RouteDef; params: Record<string, string> };

function leadingLiterals(endpoint: AnyEndpoint, templateIndex: number): string[] {
  const out: string[] = [];
  for (const seg of endpoint.templates[templateIndex]!.segments) {
    if (seg.kind !== "literal" || seg.text === "" || out.length === INDEX_DEPTH) break;
    out.push(seg.text);
  }
  return out;
}

function compareRank(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return b.length - a.length;
}

export class RouteTable {
  private readonly index = new Map<string, Entry[]>();
  private readonly seen = new Set<string>();

  constructor(routes: readonly RouteDef[]) {
    for (const route of routes) this.add(route);
    for (const list of this.index.values()) list.sort((x, y) => compareRank(x.rank, y.rank));
  }

  private add(route: RouteDef): void {
    const { endpoint } = route;
    endpoint.templates.forEach((template, i) => {
      const dup = `${endpoint.method} ${template.template}`;
      if (this.seen.has(dup)) throw new Error(`two routes for ${dup}`);
      this.seen.add(dup);
      const literals = leadingLiterals(endpoint, i);
      const key = `${literals.length}:${literals.join("/")}`;
      const rank = template.segments.map((s) => (s.kind === "literal" ? 0 : 1));
      const list = this.index.get(key) ?? [];
      // An endpoint reached through two templates under one key is listed once; matchPath tries all its templates.
      if (!list.some((e) => e.route === route)) list.push({ route, rank });
      this.index.set(key, list);
    });
  }

  private *candidates(pathname: string): Iterable<Entry> {
    const segs = pathname.slice(1).split("/", INDEX_DEPTH + 1);
    for (let depth = Math.min(INDEX_DEPTH, segs.length); depth >= 0; depth--) {
      const list = this.index.get(`${depth}:${segs.slice(0, depth).join("/")}`);
      if (list) yield* list;
    }
  }

  /** The route for `method` and raw `pathname`; HEAD is served by GET routes. Throws M_INVALID_PARAM on bad percent-encoding. */
  match(method: string, pathname: string): RouteMatch | undefined {
    const wanted = method === "HEAD" ? "GET" : method;
    for (const entry of this.candidates(pathname)) {
      if (entry.route.endpoint.method !== wanted) continue;
      const params = matchPath(entry.route.endpoint, pathname);
      if (params) return { route: entry.route, params: params as Record<string, string> };
    }
    return undefined;
  }

  /** Methods some route serves at this path: a non-empty answer turns a 404 into a 405. */
  allowedMethods(pathname: string): string[] {
    const methods = new Set<string>();
    for (const entry of this.candidates(pathname)) {
      let fits: boolean;
      try {
        fits = matchPath(entry.route.endpoint, pathname) !== null;
      } catch {
        fits = true; // the shape fits; only a parameter's encoding is bad
      }
      if (fits) methods.add(entry.route.endpoint.method);
    }
    return [...methods];
  }
}
