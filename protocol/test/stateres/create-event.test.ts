import t from "tap";
import { createEventIdFromRoomId, StateResolutionError } from "../../src/stateres/index.js";

t.test("a v12 room ID names its create event", async (t) => {
  t.equal(createEventIdFromRoomId("!abc_DEF-123"), "$abc_DEF-123");
  t.throws(() => createEventIdFromRoomId("$abc"), StateResolutionError);
  t.throws(() => createEventIdFromRoomId("!"), StateResolutionError);
});
