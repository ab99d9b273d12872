import t from "tap";
import { historicalLocalpartProblem, isControl, isWhitespace, MAX_IDENTIFIER_BYTES, utf8ByteLength } from "../../src/ids/text.js";

t.test("utf8ByteLength counts bytes of UTF-8", async (t) => {
  t.equal(MAX_IDENTIFIER_BYTES, 255);
  t.equal(utf8ByteLength(""), 0);
  t.equal(utf8ByteLength("abc"), 3);
  t.equal(utf8ByteLength("é"), 2);
  t.equal(utf8ByteLength("\u07ff"), 2);
  t.equal(utf8ByteLength("\u0800"), 3);
  t.equal(utf8ByteLength("€"), 3);
  t.equal(utf8ByteLength("😀"), 4, "a surrogate pair is one 4-byte code point");
  t.equal(utf8ByteLength("\ud800"), 3, "a lone high surrogate counts as U+FFFD");
  t.equal(utf8ByteLength("\udc00x"), 4, "a lone low surrogate counts as U+FFFD");
  t.equal(utf8ByteLength("\ud800x"), 4, "a high surrogate not followed by a low one");
  for (const sample of ["a", "é€😀", "mixed ascii 漢字 🎉"]) {
    t.equal(utf8ByteLength(sample), new TextEncoder().encode(sample).length, sample);
  }
});

t.test("historical localparts allow anything but ':', NUL and unpaired surrogates", async (t) => {
  t.equal(historicalLocalpartProblem(""), undefined);
  t.equal(historicalLocalpartProblem("Alice Smith\t☃😀"), undefined);
  t.equal(historicalLocalpartProblem("\u0001\u007f"), undefined, "other control characters are allowed");
  t.equal(historicalLocalpartProblem("a:b"), "contains ':' at position 1");
  t.equal(historicalLocalpartProblem("ab\u0000"), "contains NUL at position 2");
  t.equal(historicalLocalpartProblem("x\ud800"), "contains an unpaired surrogate at position 1");
  t.equal(historicalLocalpartProblem("\udc00"), "contains an unpaired surrogate at position 0");
  t.equal(historicalLocalpartProblem("\ud800a"), "contains an unpaired surrogate at position 0");
  t.equal(historicalLocalpartProblem("😀:"), "contains ':' at position 2", "positions are UTF-16 offsets");
});

t.test("control and whitespace classes", async (t) => {
  for (const code of [0x00, 0x1f, 0x7f, 0x80, 0x9f]) t.equal(isControl(code), true, `U+${code.toString(16)}`);
  for (const code of [0x20, 0x7e, 0xa0, 0x41]) t.equal(isControl(code), false, `U+${code.toString(16)}`);
  for (const code of [0x20, 0x09, 0xa0, 0x2003, 0x3000, 0x2028]) t.equal(isWhitespace(code), true, `U+${code.toString(16)}`);
  for (const code of [0x41, 0xfeff, 0x200b]) t.equal(isWhitespace(code), false, `U+${code.toString(16)}`);
});
