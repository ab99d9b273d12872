import t from "tap";
import fc from "fast-check";
import { decodeBase58, decodeKeyFromDisplay, encodeBase58, encodeKeyForDisplay } from "../../src/signing/key-representation.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

t.test("base58 with Bitcoin's alphabet", async (t) => {
  const cases: Array<[Uint8Array, string]> = [
    [new Uint8Array([]), ""],
    [new Uint8Array([0]), "1"],
    [new Uint8Array([0, 0]), "11"],
    [new Uint8Array([0, 0, 1]), "112"],
    [utf8("a"), "2g"],
    [utf8("abc"), "ZiCa"],
    [utf8("Hello World!"), "2NEpo7TZRRrLZSi2U"],
    [utf8("The quick brown fox jumps over the lazy dog."), "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z"],
    [new Uint8Array([57]), "z"],
    [new Uint8Array([58]), "21"],
  ];
  for (const [bytes, text] of cases) {
    t.equal(encodeBase58(bytes), text, text);
    t.same(Array.from(decodeBase58(text)), Array.from(bytes), `decode ${text}`);
  }
  t.throws(() => decodeBase58("0OIl"), { name: "SigningKeyError", reason: "bad_key_representation" }, "0, O, I and l are not in the alphabet");
});

t.test("display form: header, parity, groups of four", async (t) => {
  const key = new Uint8Array(32);
  const shown = encodeKeyForDisplay(key);
  t.match(shown, /^Es[1-9A-HJ-NP-Za-km-z]{2}( [1-9A-HJ-NP-Za-km-z]{4})*( [1-9A-HJ-NP-Za-km-z]{1,4})?$/, "32-byte keys start with 'Es', like every recovery key");
  t.equal(shown, "EsSz ygLv VP1b xF1C v7kE eBQx MxDP buG5 w25T L3b6 hfyG Kkrd", "computed independently with Python big integers");
  const compact = shown.replace(/ /g, "");
  t.same(Array.from(decodeBase58(compact).subarray(0, 2)), [0x8b, 0x01]);
  t.equal(decodeBase58(compact).at(-1), 0x8b ^ 0x01, "parity of header and zero key");
  t.same(Array.from(decodeKeyFromDisplay(shown)), Array.from(key));
  t.same(Array.from(decodeKeyFromDisplay(`  ${compact.slice(0, 10)}\n\t${compact.slice(10)} `)), Array.from(key), "whitespace is ignored");
});

t.test("mistakes are caught", async (t) => {
  const shown = encodeKeyForDisplay(new Uint8Array(32).fill(0x42));
  const swapped = shown.slice(0, 6) + (shown[6] === "z" ? "y" : "z") + shown.slice(7);
  t.throws(() => decodeKeyFromDisplay(swapped), { name: "SigningKeyError", reason: "bad_key_representation" });
  t.throws(() => decodeKeyFromDisplay(encodeBase58(new Uint8Array([0x8b, 0x02, 1, 0x88]))), { name: "SigningKeyError", message: /header/ });
  t.throws(() => decodeKeyFromDisplay(encodeBase58(new Uint8Array([0x8b, 0x01, 1, 0]))), { name: "SigningKeyError", message: /parity/ });
  t.throws(() => decodeKeyFromDisplay(""), { name: "SigningKeyError", message: /header/ });
});

t.test("property: round trips", async (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
    const a = Array.from(decodeBase58(encodeBase58(bytes)));
    const b = Array.from(decodeKeyFromDisplay(encodeKeyForDisplay(bytes)));
    return a.join() === Array.from(bytes).join() && b.join() === Array.from(bytes).join();
  }));
  t.pass();
});
