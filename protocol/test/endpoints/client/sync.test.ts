import t from "tap";
import { EndpointValidationError } from "../../../src/endpoints/errors.js";
import { validateBody, validateQuery } from "../../../src/endpoints/validate.js";
import { createFilter, sync } from "../../../src/endpoints/client/sync.js";
import { filterDefinition, roomEventFilter } from "../../../src/endpoints/client/filter.js";

// From filter.yaml, POST /user/{userId}/filter request example.
const example = {
  room: {
    state: { types: ["m.room.*"], not_rooms: ["!726s6s6q:example.com"] },
    timeline: { limit: 10, types: ["m.room.message"], not_rooms: ["!726s6s6q:example.com"], not_senders: ["@spam:example.com"] },
    ephemeral: { types: ["m.receipt", "m.typing"], not_rooms: ["!726s6s6q:example.com"], not_senders: ["@spam:example.com"] },
  },
  presence: { types: ["m.presence"], not_senders: ["@alice:example.com"] },
  event_format: "client",
  event_fields: ["type", "content", "sender"],
};

t.test("filters: the spec example, kept whole with unknown fields", async (t) => {
  t.same(validateBody(createFilter, example), example);
  const unstable = { room: { timeline: { limit: 5, "org.matrix.msc3874.not_rel_types": ["m.thread"] } }, "org.example": true };
  t.same(validateBody(createFilter, unstable), unstable, "a stored filter comes back as written");
});

t.test("filters: wrong types", async (t) => {
  const limit = t.throws(() => validateBody(createFilter, { room: { timeline: { limit: "10" } } })) as EndpointValidationError;
  t.equal(limit.errcode, "M_BAD_JSON");
  t.equal(limit.message, "field 'room.timeline.limit' must be a number, not a string");
  const format = t.throws(() => validateBody(createFilter, { event_format: "xml" })) as EndpointValidationError;
  t.equal(format.field, "event_format");
  t.notOk(roomEventFilter.safeParse({ lazy_load_members: "true" }).success);
  t.ok(filterDefinition.safeParse({}).success);
});

t.test("sync query coercion", async (t) => {
  t.same(validateQuery(sync, new URLSearchParams("since=s72594_4483_1934&timeout=30000&full_state=false&set_presence=offline&filter=66696p746572")), {
    since: "s72594_4483_1934",
    timeout: 30000,
    full_state: false,
    set_presence: "offline",
    filter: "66696p746572",
  });
  t.same(validateQuery(sync, {}), {});
  const timeout = t.throws(() => validateQuery(sync, { timeout: "soon" })) as EndpointValidationError;
  t.equal(timeout.errcode, "M_INVALID_PARAM");
  t.equal(timeout.message, "query parameter 'timeout' must be an integer");
  const presence = t.throws(() => validateQuery(sync, { set_presence: "away" })) as EndpointValidationError;
  t.equal(presence.field, "set_presence");
  const full = t.throws(() => validateQuery(sync, { full_state: "yes" })) as EndpointValidationError;
  t.equal(full.errcode, "M_INVALID_PARAM");
});
