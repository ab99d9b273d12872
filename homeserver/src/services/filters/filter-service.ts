/**
 * Filters: stored per user (POST /user/{userId}/filter), fetched back, and
 * resolved for /sync (an ID or inline JSON) and /messages, /context (inline
 * JSON only).
 */
import { canonicalJson, clientFilter } from "@ward/protocol";
import { badJson, forbidden, invalidParam, notFound } from "../../http/matrix-error.js";
import { filtersTable } from "../../store/tables/filters.js";
import type { ServiceContext } from "../context.js";
import { compileEventFilter, MATCH_ALL, type EventMatcher } from "./match.js";
import { compileSyncFilter, DEFAULT_SYNC_FILTER, type SyncFilter } from "./sync-filter.js";
import { filterProblem, parseFilterJson, parseRoomEventFilterJson } from "./validate.js";

type FilterDefinition = clientFilter.FilterDefinition;

/** A /messages or /context filter: what to match, whether to lazy-load members, and its own limit. */
export type RoomEventQueryFilter = { matcher: EventMatcher; lazyLoadMembers: boolean; limit: number | undefined };

export interface FilterService {
  /** Stores the filter for `owner` (the caller must be `owner`); returns its ID. Identical filters share an ID. */
  create(callerId: string, ownerId: string, filter: FilterDefinition): Promise<string>;
  /** The stored filter; 404 M_NOT_FOUND when unknown, 403 for another user's filters. */
  get(callerId: string, ownerId: string, filterId: string): Promise<FilterDefinition>;
  /** The /sync `filter` parameter: a filter ID, or inline JSON when it starts with "{". */
  forSync(userId: string, param: string | undefined): Promise<SyncFilter>;
  /** The /messages and /context `filter` parameter (inline JSON RoomEventFilter). */
  forRoomEvents(param: string | undefined): RoomEventQueryFilter;
}

export function createFilterService(ctx: Pick<ServiceContext, "db">): FilterService {
  return {
    async create(callerId, ownerId, filter) {
      if (callerId !== ownerId) throw forbidden("Cannot create filters for other users");
      const problem = filterProblem(filter);
      if (problem) throw badJson(problem);
      return filtersTable.insert(ctx.db, ownerId, canonicalJson(filter));
    },

    async get(callerId, ownerId, filterId) {
      if (callerId !== ownerId) throw forbidden("Cannot get filters for other users");
      const json = await filtersTable.get(ctx.db, ownerId, filterId);
      if (json === null) throw notFound("No such filter");
      return JSON.parse(json) as FilterDefinition;
    },

    async forSync(userId, param) {
      if (param === undefined || param === "") return DEFAULT_SYNC_FILTER;
      if (param.startsWith("{")) {
        const parsed = parseFilterJson(param);
        if ("problem" in parsed) throw invalidParam(parsed.problem);
        return compileSyncFilter(parsed.filter);
      }
      const json = await filtersTable.get(ctx.db, userId, param);
      // 400, not 404: the request itself is fine, its parameter names nothing (as Synapse answers).
      if (json === null) throw invalidParam("No such filter");
      return compileSyncFilter(JSON.parse(json) as FilterDefinition);
    },

    forRoomEvents(param) {
      if (param === undefined || param === "") return { matcher: MATCH_ALL, lazyLoadMembers: false, limit: undefined };
      const parsed = parseRoomEventFilterJson(param);
      if ("problem" in parsed) throw invalidParam(parsed.problem);
      return {
        matcher: compileEventFilter(parsed.filter),
        lazyLoadMembers: parsed.filter.lazy_load_members === true,
        limit: parsed.filter.limit,
      };
    },
  };
}
