import t from "tap";
import { MatrixError } from "../../../src/http/matrix-error.js";
import { decodePageToken, encodePageToken } from "../../../src/services/staff/page-token.js";

t.test("page tokens round-trip and refuse anything else", async (t) => {
  const cursor = { sortKey: "dr. ünal", userId: "@unal:clinic.example" };
  const token = encodePageToken(cursor);
  t.match(token, /^[A-Za-z0-9_-]+$/, "URL-safe");
  t.strictSame(decodePageToken(token), cursor);
  const bad = ["", "!!", "not json", Buffer.from("[1,2]").toString("base64url"), Buffer.from('["a"]').toString("base64url"), "x".repeat(2001)];
  for (const value of bad) {
    let caught: unknown;
    try {
      decodePageToken(value);
    } catch (err) {
      caught = err;
    }
    t.ok(caught instanceof MatrixError && caught.status === 400 && caught.errcode === "M_INVALID_PARAM", JSON.stringify(value.slice(0, 20)));
  }
});
