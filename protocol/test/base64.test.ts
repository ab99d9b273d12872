import t from "tap";
import { decodeBase64, decodeUrlSafeBase64, encodeUnpaddedBase64, encodeUrlSafeBase64, Base64Error } from "../src/base64.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

t.test("spec examples encode to unpadded base64", async (t) => {
  const cases: Array<[string, string]> = [
    ["", ""], ["f", "Zg"], ["fo", "Zm8"], ["foo", "Zm9v"], ["foob", "Zm9vYg"], ["fooba", "Zm9vYmE"], ["foobar", "Zm9vYmFy"],
  ];
  for (const [input, expected] of cases) {
    t.equal(encodeUnpaddedBase64(utf8(input)), expected, JSON.stringify(input));
    t.same(decodeBase64(expected), utf8(input), `decode ${expected}`);
  }
});

t.test("decoding accepts padding, rejects junk", async (t) => {
  t.same(decodeBase64("Zg=="), utf8("f"));
  t.same(decodeBase64("Zm8="), utf8("fo"));
  t.throws(() => decodeBase64("Z"), Base64Error);
  t.throws(() => decodeBase64("Zm9v!"), Base64Error);
  t.throws(() => decodeBase64("Zh"), Base64Error, "non-zero trailing bits are not a second spelling of 'f'");
  t.throws(() => decodeBase64("-_8"), Base64Error, "url-safe alphabet is not standard");
});

t.test("url-safe alphabet uses - and _", async (t) => {
  const bytes = new Uint8Array([0xfb, 0xff, 0xbf]);
  t.equal(encodeUnpaddedBase64(bytes), "+/+/");
  t.equal(encodeUrlSafeBase64(bytes), "-_-_");
  t.same(decodeUrlSafeBase64("-_-_"), bytes);
  t.throws(() => decodeUrlSafeBase64("+/+/"), Base64Error);
});

t.test("round-trips random bytes", async (t) => {
  for (let n = 0; n < 64; n++) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 151 + n * 7) & 0xff);
    t.same(decodeBase64(encodeUnpaddedBase64(bytes)), bytes);
    t.same(decodeUrlSafeBase64(encodeUrlSafeBase64(bytes)), bytes);
  }
});
