import t from "tap";
import { parseServerName } from "../../src/ids/server-name.js";
import {
  isCompliantUserId,
  isUserId,
  isValidNewLocalpart,
  makeUserId,
  parseUserId,
  userIdLocalpart,
  userIdServer,
} from "../../src/ids/user-id.js";
import { expectInvalid } from "./expect-invalid.js";

t.test("current-grammar user IDs parse and split", async (t) => {
  const cases: Array<[string, string, string]> = [
    ["@alice:example.org", "alice", "example.org"],
    ["@a.b_c=d-e/f+g:matrix.org:8448", "a.b_c=d-e/f+g", "matrix.org:8448"],
    ["@0:1.2.3.4", "0", "1.2.3.4"],
    ["@bob:[::1]:8448", "bob", "[::1]:8448"],
  ];
  for (const [id, localpart, server] of cases) {
    const userId = parseUserId(id);
    t.equal(userId, id);
    t.equal(isUserId(id), true, id);
    t.equal(userIdLocalpart(userId), localpart, `${id} localpart`);
    t.equal(userIdServer(userId), server, `${id} server`);
  }
});

t.test("historical localparts are accepted, untouched", async (t) => {
  const historical = ["@Alice:example.org", "@:example.org", "@alice smith:example.org", "@☃:example.org", "@😀\u0001:example.org", "@a!b#c:example.org"];
  for (const id of historical) t.equal(parseUserId(id), id, JSON.stringify(id));
  t.equal(userIdLocalpart(parseUserId("@:example.org")), "");
  t.equal(parseUserId("@USER:MATRIX.ORG"), "@USER:MATRIX.ORG", "no silent lowercasing");
});

t.test("the first ':' ends the localpart", async (t) => {
  // ':' can never be in a localpart, so "@a:b:c" is localpart "a" on server "b:c".
  const userId = parseUserId("@a:b:1");
  t.equal(userIdLocalpart(userId), "a");
  t.equal(userIdServer(userId), "b:1");
  expectInvalid(t, () => parseUserId("@a:b:c"), "user_id", "bad_server_name", "server 'b:c' has a non-numeric port");
});

t.test("invalid user IDs report kind and reason", async (t) => {
  for (const input of [undefined, null, 7, {}, ["@a:b"]]) expectInvalid(t, () => parseUserId(input), "user_id", "not_string", String(input));
  expectInvalid(t, () => parseUserId(""), "user_id", "empty", "empty");
  for (const bad of ["alice:example.org", "!alice:example.org", "#alice:example.org", " @alice:example.org"]) {
    expectInvalid(t, () => parseUserId(bad), "user_id", "bad_sigil", bad);
  }
  expectInvalid(t, () => parseUserId("@alice"), "user_id", "missing_server", "no server");
  expectInvalid(t, () => parseUserId("@"), "user_id", "missing_server", "sigil only");
  for (const bad of ["@alice:", "@alice:exa mple.org", "@alice:example.org:0", "@alice:[::1"]) {
    expectInvalid(t, () => parseUserId(bad), "user_id", "bad_server_name", bad);
  }
  expectInvalid(t, () => parseUserId("@a\u0000b:example.org"), "user_id", "bad_localpart", "NUL");
  expectInvalid(t, () => parseUserId("@a\ud800:example.org"), "user_id", "bad_localpart", "lone surrogate");
  for (const input of [null, 1, "", "alice:x", "@alice"]) t.equal(isUserId(input), false, String(input));
});

t.test("bad server errors keep the server name error as cause", async (t) => {
  const error = expectInvalid(t, () => parseUserId("@alice:example.org:0"), "user_id", "bad_server_name", "port 0");
  t.equal(error?.message, 'invalid user id: "@alice:example.org:0": invalid server name: "example.org:0" has a port that is not a number from 1 to 65535');
  t.match(error?.cause, { kind: "server_name", reason: "bad_port" });
});

t.test("255-byte limit on the whole user ID", async (t) => {
  const server = "example.org";
  const fill = (n: number) => "a".repeat(n - 2 - server.length);
  const max = `@${fill(255)}:${server}`;
  t.equal(max.length, 255);
  t.equal(parseUserId(max), max, "exactly 255 bytes");
  expectInvalid(t, () => parseUserId(`@a${fill(255)}:${server}`), "user_id", "too_long", "256 bytes");
  // Bytes, not UTF-16 units: 'é' is 2 bytes but 1 unit.
  const multibyte = `@${"é".repeat(121)}:${server}`;
  t.equal(multibyte.length, 134);
  t.equal(parseUserId(multibyte), multibyte, "255 bytes in 134 characters");
  expectInvalid(t, () => parseUserId(`@${"é".repeat(121)}a:${server}`), "user_id", "too_long", "256 bytes in 135 characters");
  expectInvalid(t, () => parseUserId(`@${"😀".repeat(61)}:${server}`), "user_id", "too_long", "4-byte code points: 257 bytes");
});

t.test("isValidNewLocalpart follows the v1.8+ grammar", async (t) => {
  for (const ok of ["alice", "a", "0", "a.b", "a_b", "a=b", "a-b", "a/b", "a+b", "abcxyz0189._=-/+"]) t.equal(isValidNewLocalpart(ok), true, ok);
  for (const bad of ["", "Alice", "a b", "a:b", "a@b", "a#b", "a*b", "é", "a\u0000", "a!b", "a~b"]) t.equal(isValidNewLocalpart(bad), false, JSON.stringify(bad));
  t.equal(isValidNewLocalpart(42), false);
  t.equal(isValidNewLocalpart(undefined), false);
});

t.test("isCompliantUserId: non-empty printable ASCII localparts", async (t) => {
  t.equal(isCompliantUserId(parseUserId("@alice:example.org")), true);
  t.equal(isCompliantUserId(parseUserId("@Alice!~:example.org")), true, "upper case and punctuation are compliant, just not current grammar");
  t.equal(isCompliantUserId(parseUserId("@:example.org")), false, "empty");
  t.equal(isCompliantUserId(parseUserId("@a b:example.org")), false, "space");
  t.equal(isCompliantUserId(parseUserId("@é:example.org")), false, "non-ASCII");
  t.equal(isCompliantUserId(parseUserId("@a\u007f:example.org")), false, "DEL");
});

t.test("makeUserId builds and validates", async (t) => {
  t.equal(makeUserId("alice", "example.org"), "@alice:example.org");
  t.equal(makeUserId("bob", parseServerName("[::1]:8448")), "@bob:[::1]:8448");
  expectInvalid(t, () => makeUserId("", "example.org"), "localpart", "empty", "empty localpart");
  expectInvalid(t, () => makeUserId("Alice", "example.org"), "localpart", "bad_localpart", "upper case is not lowered for you");
  expectInvalid(t, () => makeUserId("a:b", "example.org"), "localpart", "bad_localpart", "colon");
  expectInvalid(t, () => makeUserId("alice", "bad host"), "server_name", "bad_host", "bad server");
  expectInvalid(t, () => makeUserId("a".repeat(250), "example.org"), "user_id", "too_long", "too long");
});
