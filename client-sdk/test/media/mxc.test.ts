import t from "tap";
import { parseMxc } from "../../src/index.js";
import { requireMxc } from "../../src/media/mxc.js";

t.test("mxc URIs split into server name and media ID", async (t) => {
  t.same(parseMxc("mxc://ward.example/AbC_12-x"), { serverName: "ward.example", mediaId: "AbC_12-x" });
  t.same(parseMxc("mxc://localhost:8008/abc"), { serverName: "localhost:8008", mediaId: "abc" });
  t.same(parseMxc("mxc://[::1]:8448/abc"), { serverName: "[::1]:8448", mediaId: "abc" });
  t.same(parseMxc("mxc://127.0.0.1/abc"), { serverName: "127.0.0.1", mediaId: "abc" });
});

t.test("anything else is not an mxc URI", async (t) => {
  for (const bad of ["", "https://ward.example/abc", "mxc://ward.example", "mxc://ward.example/", "mxc://ward.example/a/b", "mxc://ward.example/..%2f", "mxc://ward example/abc", "mxc:///abc", "mxc://ward.example/abc?x=1"]) {
    t.equal(parseMxc(bad), undefined, JSON.stringify(bad));
  }
  t.throws(() => requireMxc("mxc://ward.example/../etc"), RangeError);
});
