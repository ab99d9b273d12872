import t from "tap";
import { InvalidIdentifierError, describe } from "../../src/ids/errors.js";

t.test("error carries kind, reason and a readable message", async (t) => {
  const cause = new Error("inner");
  const error = new InvalidIdentifierError("room_alias", "empty", "has an empty localpart", { cause });
  t.ok(error instanceof Error);
  t.equal(error.name, "InvalidIdentifierError");
  t.equal(error.kind, "room_alias");
  t.equal(error.reason, "empty");
  t.equal(error.message, "invalid room alias: has an empty localpart");
  t.equal(error.cause, cause);
});

t.test("describe quotes strings, truncates long ones and names other types", async (t) => {
  t.equal(describe("@a:b"), '"@a:b"');
  t.equal(describe("x".repeat(70)), JSON.stringify(`${"x".repeat(64)}…`));
  t.equal(describe(null), "null");
  t.equal(describe(undefined), "undefined");
  t.equal(describe(42), "number");
  t.equal(describe({}), "object");
});
