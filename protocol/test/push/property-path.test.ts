import t from "tap";
import {
  escapePropertyName,
  flattenProperties,
  joinPropertyPath,
  lookupProperty,
  splitPropertyPath,
} from "../../src/push/property-path.js";

t.test("splitPropertyPath follows the appendix's escaping", async (t) => {
  t.same(splitPropertyPath("content.body"), ["content", "body"]);
  t.same(splitPropertyPath("content.m\\.relates_to.rel_type"), ["content", "m.relates_to", "rel_type"]);
  t.same(splitPropertyPath("content.m\\\\foo"), ["content", "m\\foo"], "\\\\ is one backslash");
  t.same(splitPropertyPath("content.a\\x"), ["content", "a\\x"], "other escapes stay as written");
  t.same(splitPropertyPath("a\\"), ["a\\"], "a trailing backslash is literal");
  t.same(splitPropertyPath("a\\\\.b"), ["a\\", "b"], "escaped backslash then a real separator");
  t.same(splitPropertyPath("a..b"), ["a", "", "b"]);
  t.same(splitPropertyPath(""), [""]);
  t.same(splitPropertyPath("type"), ["type"]);
});

t.test("escapePropertyName and joinPropertyPath round-trip", async (t) => {
  t.equal(escapePropertyName("m.mentions"), "m\\.mentions");
  t.equal(escapePropertyName("a\\b"), "a\\\\b");
  t.equal(escapePropertyName("plain"), "plain");
  const names = ["content", "m.relates_to", "we\\ird.name", ""];
  t.equal(joinPropertyPath(names), "content.m\\.relates_to.we\\\\ird\\.name.");
  t.same(splitPropertyPath(joinPropertyPath(names)), names);
});

t.test("lookupProperty walks objects only", async (t) => {
  const event = {
    type: "m.room.message",
    content: { "m.mentions": { user_ids: ["@a:x"], room: true }, "m\\foo": 1, nested: { list: [{ a: 1 }] }, nul: null },
  };
  t.same(lookupProperty(event, "content.m\\.mentions.user_ids"), ["@a:x"]);
  t.equal(lookupProperty(event, "content.m\\.mentions.room"), true);
  t.equal(lookupProperty(event, "content.m\\\\foo"), 1);
  t.equal(lookupProperty(event, "content.nul"), null);
  t.equal(lookupProperty(event, "content.m.mentions"), undefined, "unescaped dot splits the name");
  t.equal(lookupProperty(event, "content.nested.list.0"), undefined, "arrays are not indexed");
  t.equal(lookupProperty(event, "content.missing.deeper"), undefined);
  t.equal(lookupProperty(event, "type.length"), undefined, "strings have no properties");
  t.equal(lookupProperty(event, "constructor"), undefined, "prototype members are not properties");
  t.equal(lookupProperty(event, "content.__proto__"), undefined);
  t.same(lookupProperty(event, "type"), "m.room.message");
});

t.test("flattenProperties keys leaves by escaped path", async (t) => {
  const flat = flattenProperties({
    type: "m.room.message",
    content: { body: "hi", "m.mentions": { user_ids: ["@a:x"], room: false }, empty: {} },
  });
  t.same([...flat.entries()], [
    ["type", "m.room.message"],
    ["content.body", "hi"],
    ["content.m\\.mentions.user_ids", ["@a:x"]],
    ["content.m\\.mentions.room", false],
  ]);
  for (const [path, value] of flat) {
    t.same(lookupProperty({ type: "m.room.message", content: { body: "hi", "m.mentions": { user_ids: ["@a:x"], room: false } } }, path), value, `lookup agrees for ${path}`);
  }
});
