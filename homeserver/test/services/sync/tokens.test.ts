import t from "tap";
import { MatrixError } from "../../../src/http/matrix-error.js";
import { formatStreamToken, formatSyncToken, parseStreamToken, parseSyncToken } from "../../../src/services/sync/tokens.js";
import { clientTxnId } from "../../../src/services/sync/queries.js";

t.test("round trip", async (t) => {
  for (const n of [0, 1, 42, 9_007_199_254_740_991]) t.equal(parseStreamToken(formatStreamToken(n), "since"), n);
  t.equal(formatStreamToken(17), "s17");
});

t.test("a sync token carries the typing mark; other endpoints read only the position", async (t) => {
  t.equal(formatSyncToken({ stream: 17, typing: "ab12.9" }), "s17_tab12.9");
  t.equal(formatSyncToken({ stream: 17, typing: undefined }), "s17");
  t.same(parseSyncToken("s17_tab12.9", "since"), { stream: 17, typing: "ab12.9" });
  t.same(parseSyncToken("s17", "since"), { stream: 17, typing: undefined }, "old tokens stay valid");
  t.equal(parseStreamToken("s17_tab12.9", "from"), 17);
  for (const bad of ["s17_t", "s17_x1", "s17_tab_cd", "s17_t" + "a".repeat(65), "s17_ta/b"]) {
    t.throws(() => parseSyncToken(bad, "since"), new MatrixError(400, "M_INVALID_PARAM", "'since' is not a valid token"), bad);
  }
});

t.test("malformed tokens are 400 M_INVALID_PARAM naming the parameter", async (t) => {
  for (const bad of ["", "s", "17", "s-1", "s01", "s1.0", "s1e3", " s1", "s1 ", "t1", "s9007199254740992", "s99999999999999999"]) {
    t.throws(() => parseStreamToken(bad, "from"), new MatrixError(400, "M_INVALID_PARAM", "'from' is not a valid token"), JSON.stringify(bad));
  }
});

t.test("the client's transaction ID is recovered from the writer's scoped key", async (t) => {
  t.equal(clientTxnId(JSON.stringify(["send", "!r:x", "m.room.message", "abc"])), "abc");
  t.equal(clientTxnId("plain"), "plain");
  t.equal(clientTxnId("[broken"), "[broken");
});
