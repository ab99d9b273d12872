import t from "tap";
import { MatrixError } from "../../../src/http/matrix-error.js";
import { createFilterService } from "../../../src/services/filters/filter-service.js";
import { DEFAULT_TIMELINE_LIMIT, MAX_TIMELINE_LIMIT, compileSyncFilter } from "../../../src/services/filters/sync-filter.js";
import { filterProblem } from "../../../src/services/filters/validate.js";
import { forEachDatabase } from "../../helpers/databases.js";

const alice = "@alice:ward.test";

t.test("compiled sync filters: defaults and caps", async (t) => {
  const d = compileSyncFilter({});
  t.equal(d.timelineLimit, DEFAULT_TIMELINE_LIMIT);
  t.equal(d.includeLeave, false);
  t.equal(d.lazyLoadMembers, false);
  t.equal(compileSyncFilter({ room: { timeline: { limit: 5000 } } }).timelineLimit, MAX_TIMELINE_LIMIT);
  const f = compileSyncFilter({ room: { rooms: ["!a:x"], include_leave: true, state: { lazy_load_members: true }, timeline: { limit: 3, types: ["m.*"] } } });
  t.same([f.timelineLimit, f.includeLeave, f.lazyLoadMembers, f.rooms.rooms, f.timeline.types], [3, true, true, ["!a:x"], ["m.*"]]);
});

t.test("validation beyond the JSON shapes", async (t) => {
  t.equal(filterProblem({}), undefined);
  t.equal(filterProblem({ room: { timeline: { limit: 0 } } }), "room.timeline.limit must be an integer greater than 0");
  t.equal(filterProblem({ presence: { senders: ["@ok:x", "nope"] } }), "presence.senders[1] must be a user ID (starting with '@')");
  t.equal(filterProblem({ room: { not_rooms: ["#alias:x"] } }), "room.not_rooms[0] must be a room ID (starting with '!')");
  t.equal(filterProblem({ room: { account_data: { rooms: ["x"] } } }), "room.account_data.rooms[0] must be a room ID (starting with '!')");
});

await forEachDatabase(t, "the filter service", async (t, db) => {
  const filters = createFilterService({ db });
  const id = await filters.create(alice, alice, { room: { timeline: { limit: 4 } } });
  t.equal(id, "0");
  t.same(await filters.get(alice, alice, id), { room: { timeline: { limit: 4 } } });
  t.equal((await filters.forSync(alice, id)).timelineLimit, 4);
  t.equal((await filters.forSync(alice, undefined)).timelineLimit, DEFAULT_TIMELINE_LIMIT);
  t.equal((await filters.forSync(alice, '{"room":{"timeline":{"limit":2}}}')).timelineLimit, 2);
  await t.rejects(filters.forSync("@bob:ward.test", id), new MatrixError(400, "M_INVALID_PARAM", "No such filter"), "filter IDs are per user");
  await t.rejects(filters.forSync(alice, "{"), new MatrixError(400, "M_INVALID_PARAM", "filter is not valid JSON"));
  await t.rejects(filters.create(alice, "@bob:ward.test", {}), new MatrixError(403, "M_FORBIDDEN", "Cannot create filters for other users"));
  await t.rejects(filters.get(alice, alice, "9"), new MatrixError(404, "M_NOT_FOUND", "No such filter"));
  await t.rejects(filters.create(alice, alice, { room: { rooms: ["x"] } }), new MatrixError(400, "M_BAD_JSON", "room.rooms[0] must be a room ID (starting with '!')"));
  const q = filters.forRoomEvents('{"types":["m.room.message"],"lazy_load_members":true,"limit":3}');
  t.same([q.matcher.types, q.lazyLoadMembers, q.limit], [["m.room.message"], true, 3]);
  t.throws(() => filters.forRoomEvents('{"limit":0}'), new MatrixError(400, "M_INVALID_PARAM", "filter.limit must be an integer greater than 0"));
  t.same(filters.forRoomEvents(undefined).lazyLoadMembers, false);
});
