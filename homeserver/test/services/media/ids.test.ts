import t from "tap";
import { isMediaId, mxcUri, newMediaId, parseMxc } from "../../../src/services/media/ids.js";

t.test("media IDs are random, URL-safe and never a path", async (t) => {
  const ids = new Set(Array.from({ length: 1000 }, newMediaId));
  t.equal(ids.size, 1000);
  for (const id of ids) t.ok(/^[A-Za-z0-9_-]{32}$/.test(id) && isMediaId(id));
  for (const bad of ["", "..", "a/b", "a.b", "a%2fb", "a\u0000", "ä", "x".repeat(256)]) t.notOk(isMediaId(bad), JSON.stringify(bad));
});

t.test("mxc URIs", async (t) => {
  t.equal(mxcUri("example.org", "abc"), "mxc://example.org/abc");
  t.same(parseMxc("mxc://example.org:8448/abc_-1"), { serverName: "example.org:8448", mediaId: "abc_-1" });
  for (const bad of ["mxc://example.org/", "mxc:///abc", "mxc://bad name/abc", "mxc://example.org/a/b", "https://example.org/abc", 42, null]) {
    t.equal(parseMxc(bad), undefined, JSON.stringify(bad));
  }
});
