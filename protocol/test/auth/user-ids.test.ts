import t from "tap";
import { isValidServerName, isValidUserId, serverNameOf } from "../../src/auth/user-ids.js";

t.test("serverNameOf takes everything after the first colon", async (t) => {
  t.equal(serverNameOf("@a:b.example"), "b.example");
  t.equal(serverNameOf("@a:b.example:8448"), "b.example:8448");
  t.equal(serverNameOf("!room:[::1]:80"), "[::1]:80");
  t.equal(serverNameOf("$opaque"), undefined);
});

t.test("isValidServerName follows the grammar: hostname, IPv6 in brackets, optional port", async (t) => {
  for (const ok of ["matrix.org", "matrix.org:8888", "1.2.3.4", "1.2.3.4:1234", "[1234:5678::abcd]", "[1234:5678::abcd]:5678", "localhost"]) t.ok(isValidServerName(ok), ok);
  for (const bad of ["", "under_score.org", "a.org:", "a.org:123456", "[zz::1]", "a.org:port", "sp ace.org"]) t.notOk(isValidServerName(bad), bad);
});

t.test("isValidUserId accepts historical localparts but needs the shape and the length limit", async (t) => {
  for (const ok of ["@alice:a.example", "@Alice!#$:a.example", "@:a.example", "@ünï:a.example:8448"]) t.ok(isValidUserId(ok), ok);
  for (const bad of ["alice:a.example", "@alice", "@alice:", "@alice:bad_host", "@a\u0000b:a.example", `@${"x".repeat(250)}:a.example`, 5, null]) {
    t.notOk(isValidUserId(bad), JSON.stringify(bad));
  }
});
