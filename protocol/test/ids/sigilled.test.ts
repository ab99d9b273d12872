import t from "tap";
import { checkSigilled, splitDelimited } from "../../src/ids/sigilled.js";
import { expectInvalid } from "./expect-invalid.js";

t.test("checkSigilled: type, emptiness, sigil, byte length, in that order", async (t) => {
  t.equal(checkSigilled("user_id", "@", "@a:b"), "@a:b");
  expectInvalid(t, () => checkSigilled("room_alias", "#", 1), "room_alias", "not_string", "number");
  expectInvalid(t, () => checkSigilled("room_alias", "#", ""), "room_alias", "empty", "empty");
  expectInvalid(t, () => checkSigilled("room_alias", "#", `@${"a".repeat(300)}`), "room_alias", "bad_sigil", "sigil is checked before length");
  expectInvalid(t, () => checkSigilled("room_alias", "#", `#${"a".repeat(255)}`), "room_alias", "too_long", "256 bytes");
  t.equal(checkSigilled("room_alias", "#", `#${"a".repeat(254)}`).length, 255);
});

t.test("splitDelimited splits at the first ':' and checks the server", async (t) => {
  t.strictSame(splitDelimited("user_id", "@a:b:80"), { localpart: "a", server: "b:80" });
  t.strictSame(splitDelimited("user_id", "@:b"), { localpart: "", server: "b" });
  expectInvalid(t, () => splitDelimited("room_id", "!abc"), "room_id", "missing_server", "no colon");
  const error = expectInvalid(t, () => splitDelimited("room_alias", "#a:"), "room_alias", "bad_server_name", "empty server");
  t.match(error?.cause, { kind: "server_name", reason: "empty" });
  t.equal(error?.message, 'invalid room alias: "#a:": invalid server name: is empty');
});
