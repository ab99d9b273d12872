import t from "tap";
import { EndpointValidationError } from "../../../src/endpoints/errors.js";
import { validateBody, validateQuery } from "../../../src/endpoints/validate.js";
import { publicRooms, putAlias, queryPublicRooms, setVisibility } from "../../../src/endpoints/client/directory.js";
import { deleteDevice, deleteDevices, updateDevice } from "../../../src/endpoints/client/devices.js";
import { hierarchy } from "../../../src/endpoints/client/spaces.js";
import { searchUsers } from "../../../src/endpoints/client/user-directory.js";

t.test("directory bodies from the spec's examples", async (t) => {
  t.same(validateBody(putAlias, { room_id: "!abnjk1jdasj98:capuchins.com" }), { room_id: "!abnjk1jdasj98:capuchins.com" });
  t.same(validateBody(setVisibility, { visibility: "public" }), { visibility: "public" });
  const search = {
    limit: 10,
    filter: { generic_search_term: "foo", room_types: [null, "m.space"] },
    include_all_networks: false,
    third_party_instance_id: "irc-freenode",
  };
  t.same(validateBody(queryPublicRooms, search), search);
  t.same(validateBody(searchUsers, { search_term: "foo", limit: 10 }), { search_term: "foo", limit: 10 });
});

t.test("directory errors", async (t) => {
  const vis = t.throws(() => validateBody(setVisibility, { visibility: "hidden" })) as EndpointValidationError;
  t.equal(vis.errcode, "M_BAD_JSON");
  const term = t.throws(() => validateBody(searchUsers, { limit: 10 })) as EndpointValidationError;
  t.equal(term.errcode, "M_MISSING_PARAM");
  t.equal(term.field, "search_term");
  const types = t.throws(() => validateBody(queryPublicRooms, { filter: { room_types: [1] } })) as EndpointValidationError;
  t.equal(types.field, "filter.room_types[0]");
});

t.test("directory and hierarchy queries", async (t) => {
  t.same(validateQuery(publicRooms, { limit: "10", since: "p190q", server: "matrix.org" }), { limit: 10, since: "p190q", server: "matrix.org" });
  t.same(validateQuery(hierarchy, { suggested_only: "true", max_depth: "3", limit: "50", from: "t" }), { suggested_only: true, max_depth: 3, limit: 50, from: "t" });
  t.equal((t.throws(() => validateQuery(hierarchy, { max_depth: "-1" })) as EndpointValidationError).message, "query parameter 'max_depth' must be at least 0");
});

t.test("device bodies", async (t) => {
  t.same(validateBody(updateDevice, { display_name: "My other phone" }), { display_name: "My other phone" });
  const auth = { type: "m.login.password", session: "xxxxx", identifier: { type: "m.id.user", user: "a" }, password: "p" };
  t.same(validateBody(deleteDevice, { auth }), { auth });
  t.same(validateBody(deleteDevice, undefined), {}, "the first UIA round of a DELETE has no body");
  t.same(validateBody(deleteDevices, { devices: ["QBUAZIFURK", "AUIECTSRND"], auth }), { devices: ["QBUAZIFURK", "AUIECTSRND"], auth });
  const devices = t.throws(() => validateBody(deleteDevices, { devices: "QBUAZIFURK" })) as EndpointValidationError;
  t.equal(devices.message, "field 'devices' must be an array, not a string");
});
