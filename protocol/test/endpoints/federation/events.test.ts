import t from "tap";
import { EndpointValidationError } from "../../../src/endpoints/errors.js";
import { validateBody, validateQuery } from "../../../src/endpoints/validate.js";
import { backfill, getMissingEvents, getState, getStateIds } from "../../../src/endpoints/federation/events.js";
import { queryDirectory, queryProfile } from "../../../src/endpoints/federation/query.js";
import { sendTransaction } from "../../../src/endpoints/federation/transactions.js";

t.test("transactions keep PDUs and EDUs whole and respect the spec's limits", async (t) => {
  const txn = {
    origin: "matrix.org",
    origin_server_ts: 1234567890,
    pdus: [{ type: "m.room.message", content: { body: "hi" }, hashes: { sha256: "x" } }],
    edus: [{ edu_type: "m.typing", content: { room_id: "!r:x", user_id: "@a:x", typing: true } }],
  };
  t.same(validateBody(sendTransaction, txn), txn);
  const tooMany = t.throws(() => validateBody(sendTransaction, { ...txn, pdus: Array.from({ length: 51 }, () => ({})) })) as EndpointValidationError;
  t.equal(tooMany.errcode, "M_BAD_JSON");
  t.equal(tooMany.message, "field 'pdus' must have at most 50 items");
  const noOrigin = t.throws(() => validateBody(sendTransaction, { origin_server_ts: 1, pdus: [] })) as EndpointValidationError;
  t.equal(noOrigin.errcode, "M_MISSING_PARAM");
  t.equal(noOrigin.field, "origin");
  t.equal((t.throws(() => validateBody(sendTransaction, { ...txn, edus: [{ content: {} }] })) as EndpointValidationError).field, "edus[0].edu_type");
});

t.test("backfill, state and missing events", async (t) => {
  t.same(validateQuery(backfill, new URLSearchParams("v=%24a%3Ax&v=%24b%3Ax&limit=100")), { v: ["$a:x", "$b:x"], limit: 100 });
  t.same(validateQuery(backfill, { v: "$a", limit: "1" }), { v: ["$a"], limit: 1 });
  t.equal((t.throws(() => validateQuery(backfill, { limit: "1" })) as EndpointValidationError).errcode, "M_MISSING_PARAM");
  t.equal((t.throws(() => validateQuery(backfill, { v: "$a", limit: "lots" })) as EndpointValidationError).errcode, "M_INVALID_PARAM");
  t.same(validateQuery(getState, { event_id: "$e" }), { event_id: "$e" });
  t.equal((t.throws(() => validateQuery(getStateIds, {})) as EndpointValidationError).message, "missing required query parameter 'event_id'");
  const gme = { limit: 10, min_depth: 0, earliest_events: ["$missing_event:example.org"], latest_events: ["$event_that_has_the_missing_event_as_a_previous_event:example.org"] };
  t.same(validateBody(getMissingEvents, gme), gme);
  t.equal((t.throws(() => validateBody(getMissingEvents, { latest_events: [] })) as EndpointValidationError).field, "earliest_events");
});

t.test("queries", async (t) => {
  t.same(validateQuery(queryDirectory, { room_alias: "#room_alias:example.org" }), { room_alias: "#room_alias:example.org" });
  t.equal((t.throws(() => validateQuery(queryDirectory, {})) as EndpointValidationError).errcode, "M_MISSING_PARAM");
  t.same(validateQuery(queryProfile, { user_id: "@someone:example.org", field: "displayname" }), { user_id: "@someone:example.org", field: "displayname" });
});
