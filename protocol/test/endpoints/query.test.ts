import t from "tap";
import { z } from "zod";
import { encodeQuery, queryBool, queryEnum, queryInt, queryList, queryRecord, queryString } from "../../src/endpoints/query.js";

t.test("queryInt parses decimal integers only", async (t) => {
  const int = queryInt();
  t.equal(int.parse("10"), 10);
  t.equal(int.parse("-3"), -3);
  t.equal(int.parse("007"), 7);
  for (const bad of ["", "1.5", "1e3", "0x10", " 1", "ten", "99999999999999999999"]) {
    t.notOk(int.safeParse(bad).success, JSON.stringify(bad));
  }
  const bounded = queryInt({ min: 0, max: 100 });
  t.equal(bounded.parse("0"), 0);
  t.notOk(bounded.safeParse("-1").success);
  t.notOk(bounded.safeParse("101").success);
});

t.test("queryBool knows only true and false", async (t) => {
  t.equal(queryBool().parse("true"), true);
  t.equal(queryBool().parse("false"), false);
  for (const bad of ["1", "yes", "True", ""]) t.notOk(queryBool().safeParse(bad).success, bad);
});

t.test("queryEnum, queryString and queryList", async (t) => {
  t.equal(queryEnum(["b", "f"]).parse("f"), "f");
  t.notOk(queryEnum(["b", "f"]).safeParse("x").success);
  t.equal(queryString().parse("a b"), "a b");
  t.notOk(queryString().safeParse(["a", "b"]).success, "a single-valued field refuses repeats");
  t.same(queryList().parse("one"), ["one"]);
  t.same(queryList().parse(["one", "two"]), ["one", "two"]);
});

t.test("queryRecord merges repeated names", async (t) => {
  t.same(queryRecord(new URLSearchParams("via=a.org&via=b.org&via=c.org&limit=5&x=")), { via: ["a.org", "b.org", "c.org"], limit: "5", x: "" });
  t.same(queryRecord({ a: "1", b: ["2", "3"], c: undefined }), { a: "1", b: ["2", "3"] });
});

t.test("encodeQuery writes what the helpers read back", async (t) => {
  t.equal(
    encodeQuery({ dir: "b", limit: 10, full_state: false, via: ["a.org", "b.org"], from: undefined, to: null, filter: '{"a":"b c"}' }),
    "dir=b&limit=10&full_state=false&via=a.org&via=b.org&filter=%7B%22a%22%3A%22b%20c%22%7D",
  );
  t.equal(encodeQuery({}), "");
  const schema = z.object({
    dir: queryEnum(["b", "f"]),
    limit: queryInt(),
    full_state: queryBool(),
    via: queryList(),
    filter: queryString(),
    since: queryString().optional(),
  });
  const values = { dir: "f" as const, limit: 25, full_state: true, via: ["x.org", "ü.org"], filter: "a&b=c%d e+f" };
  t.same(schema.parse(queryRecord(new URLSearchParams(encodeQuery(values)))), values);
});
