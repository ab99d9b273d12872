import t from "tap";
import fc from "fast-check";
import {
  canonicalJson,
  canonicalJsonBytes,
  compareCodePoints,
  parseStrictJson,
  CanonicalJsonError,
  type JsonValue,
} from "../src/json.js";

t.test("appendix examples produce the exact canonical text", async (t) => {
  // Inputs are given as the spec's (pretty-printed) JSON text and parsed first.
  const cases: Array<[string, string]> = [
    ["{}", "{}"],
    ['{\n    "one": 1,\n    "two": "Two"\n}', '{"one":1,"two":"Two"}'],
    ['{\n    "b": "2",\n    "a": "1"\n}', '{"a":"1","b":"2"}'],
    ['{"b":"2","a":"1"}', '{"a":"1","b":"2"}'],
    [
      `{
    "auth": {
        "success": true,
        "mxid": "@john.doe:example.com",
        "profile": {
            "display_name": "John Doe",
            "three_pids": [
                {
                    "medium": "email",
                    "address": "john.doe@example.org"
                },
                {
                    "medium": "msisdn",
                    "address": "123456789"
                }
            ]
        }
    }
}`,
      '{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}',
    ],
    ['{\n    "a": "日本語"\n}', '{"a":"日本語"}'],
    ['{\n    "本": 2,\n    "日": 1\n}', '{"日":1,"本":2}'],
    ['{\n    "a": "\\u65E5"\n}', '{"a":"日"}'],
    ['{\n    "a": null\n}', '{"a":null}'],
    ['{\n    "a": -0,\n    "b": 1e10\n}', '{"a":0,"b":10000000000}'],
  ];
  for (const [input, expected] of cases) {
    t.equal(canonicalJson(JSON.parse(input)), expected, expected);
  }
});

t.test("bytes are UTF-8 of the canonical text", async (t) => {
  t.same(Array.from(canonicalJsonBytes({ a: "日" })), [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe6, 0x97, 0xa5, 0x22, 0x7d]);
  t.same(Array.from(canonicalJsonBytes({ "😀": 1 })), [0x7b, 0x22, 0xf0, 0x9f, 0x98, 0x80, 0x22, 0x3a, 0x31, 0x7d]);
});

t.test("numbers: integers only, in the safe range, no exponent, no -0", async (t) => {
  t.equal(canonicalJson(-0), "0");
  t.equal(canonicalJson([-0]), "[0]");
  t.equal(canonicalJson(1e10), "10000000000");
  t.equal(canonicalJson(-42), "-42");
  t.equal(canonicalJson(2 ** 53 - 1), "9007199254740991");
  t.equal(canonicalJson(-(2 ** 53) + 1), "-9007199254740991");
  t.equal(canonicalJson(1.0), "1", "1.0 is the integer 1 in JavaScript");
  t.throws(() => canonicalJson(2 ** 53), CanonicalJsonError);
  t.throws(() => canonicalJson(-(2 ** 53)), CanonicalJsonError);
  t.throws(() => canonicalJson(1e21), CanonicalJsonError);
  t.throws(() => canonicalJson(1.5), CanonicalJsonError);
  t.throws(() => canonicalJson({ a: [0.1] }), CanonicalJsonError);
  t.throws(() => canonicalJson(NaN), CanonicalJsonError);
  t.throws(() => canonicalJson(Infinity), CanonicalJsonError);
  t.throws(() => canonicalJson(-Infinity), CanonicalJsonError);
  t.throws(() => parseStrictJson('{"a":1.5}'), CanonicalJsonError);
  t.throws(() => parseStrictJson("[9007199254740992]"), CanonicalJsonError);
  t.same(parseStrictJson('{"a":[1,"x",null,true]}'), { a: [1, "x", null, true] });
});

t.test("error messages say where the bad value is", async (t) => {
  t.throws(() => canonicalJson({ a: { b: [1, 2.5] } }), { name: "CanonicalJsonError", message: /\$\.a\.b\[1\]: 2\.5 is not an integer/ });
});

t.test("non-JSON values are refused", async (t) => {
  t.throws(() => canonicalJson(undefined), CanonicalJsonError);
  t.throws(() => canonicalJson([undefined]), CanonicalJsonError);
  t.throws(() => canonicalJson(() => 1), CanonicalJsonError);
  t.throws(() => canonicalJson(10n), CanonicalJsonError);
  t.throws(() => canonicalJson(Symbol("x")), CanonicalJsonError);
  t.throws(() => canonicalJson(new Date(0)), CanonicalJsonError);
  t.throws(() => canonicalJson(new Map()), CanonicalJsonError);
  t.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}', "undefined members are absent, as in JSON.stringify");
  t.equal(canonicalJson(Object.assign(Object.create(null), { b: 1, a: 2 })), '{"a":2,"b":1}', "null-prototype objects are plain");
});

t.test("keys sort by code point, not by UTF-16 unit", async (t) => {
  // U+1F600 is the surrogate pair D83D DE00, which a plain sort puts before U+E000..U+FFFF.
  const obj = { "\u{1F600}": 1, "\uE000": 2, "\uFFFF": 3, z: 4, "\u00e9": 5 };
  t.equal(canonicalJson(obj), '{"z":4,"é":5,"\uE000":2,"\uFFFF":3,"\u{1F600}":1}');
  t.not(Object.keys(obj).sort().join(","), ["z", "é", "\uE000", "\uFFFF", "\u{1F600}"].join(","), "a plain sort would disagree");
  t.equal(canonicalJson({ b: 1, a: 2, A: 3, "": 4, aa: 5 }), '{"":4,"A":3,"a":2,"aa":5,"b":1}');
  t.equal(canonicalJson({ "10": 1, "9": 2, a: 3 }), '{"10":1,"9":2,"a":3}', "integer-like keys sort as strings");
  t.equal(compareCodePoints("\u{1F600}", "\uFFFF"), 1);
  t.equal(compareCodePoints("\uE000", "\u{10000}"), -1);
  t.equal(compareCodePoints("a", "ab"), -1);
  t.equal(compareCodePoints("ab", "a"), 1);
  t.equal(compareCodePoints("x\u{1F600}", "x\u{1F600}"), 0);
});

t.test("string escaping follows the grammar", async (t) => {
  t.equal(canonicalJson("\b\t\n\f\r"), '"\\b\\t\\n\\f\\r"');
  t.equal(canonicalJson("\u0000\u0001\u000b\u000e\u001f"), '"\\u0000\\u0001\\u000b\\u000e\\u001f"', "lowercase hex");
  t.equal(canonicalJson('"\\'), '"\\"\\\\"');
  t.equal(canonicalJson("a/b"), '"a/b"', "solidus is not escaped");
  t.equal(canonicalJson("\u007f"), '"\u007f"', "DEL is not a control character in the grammar");
  t.equal(canonicalJson("é日\u{1F600}\u2028"), '"é日\u{1F600}\u2028"', "non-ASCII is written raw");
  t.equal(canonicalJson({ "\n": "\t" }), '{"\\n":"\\t"}', "keys are escaped like values");
});

t.test("unpaired surrogates have no UTF-8 form and are refused", async (t) => {
  t.throws(() => canonicalJson("\ud800"), CanonicalJsonError);
  t.throws(() => canonicalJson("a\udc00b"), CanonicalJsonError);
  t.throws(() => canonicalJson("\ude00\ud83d"), CanonicalJsonError, "reversed pair");
  t.throws(() => canonicalJson({ "\ud83d": 1 }), { message: /key: string contains an unpaired UTF-16 surrogate/ });
  t.equal(canonicalJson("\ud83d\ude00"), '"\u{1F600}"');
});

t.test("literals and containers", async (t) => {
  t.equal(canonicalJson(null), "null");
  t.equal(canonicalJson(true), "true");
  t.equal(canonicalJson(false), "false");
  t.equal(canonicalJson([]), "[]");
  t.equal(canonicalJson([1, [2, {}], { b: [], a: null }]), '[1,[2,{}],{"a":null,"b":[]}]');
});

// ---- property tests ----------------------------------------------------------

const key = fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom("a", "b", "\uE000", "\u{1F600}", "10", "9"));
const { json } = fc.letrec<{ json: JsonValue }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger(),
    fc.string({ unit: "binary", maxLength: 12 }),
    fc.array(tie("json"), { maxLength: 5 }),
    fc.dictionary(key, tie("json"), { maxKeys: 6 }),
  ),
}));

/** Exact structural equality of JSON values (no type coercion, prototypes ignored). */
function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return Object.is(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]!));
  }
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k]!, b[k]!));
}

/** Independent check of code point order: UTF-8 byte order equals code point order. */
function utf8Compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** A reference encoder built differently from the library: UTF-8 byte sort, JSON.stringify leaves. */
function reference(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort(utf8Compare);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(value[k]!)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

t.test("property: canonical form is a fixed point and parses back equal", async (t) => {
  fc.assert(
    fc.property(json, (x) => {
      const c = canonicalJson(x);
      const back = JSON.parse(c) as JsonValue;
      return canonicalJson(back) === c && canonicalJson(JSON.parse(JSON.stringify(x, null, 2))) === c && deepEqual(back, x);
    }),
    { numRuns: 500 },
  );
  t.pass("500 random values");
});

t.test("property: matches a reference encoder (sorted keys, no whitespace)", async (t) => {
  fc.assert(
    fc.property(json, (x) => {
      const c = canonicalJson(x);
      if (c !== reference(x)) return false;
      // Outside string literals there is no whitespace at all.
      return !/\s/.test(c.replace(/"(?:[^"\\]|\\.)*"/g, '""'));
    }),
    { numRuns: 500 },
  );
  t.pass("500 random values");
});

t.test("property: key order depends on nothing but the keys", async (t) => {
  fc.assert(
    fc.property(fc.dictionary(key, fc.integer(), { maxKeys: 8 }), (d) => {
      const reversed = Object.fromEntries(Object.entries(d).reverse());
      return canonicalJson(d) === canonicalJson(reversed);
    }),
  );
  t.pass();
});
