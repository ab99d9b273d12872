import t from "tap";
import { HASH_ID_LENGTH, isHashText } from "../../src/ids/hash-id.js";

t.test("hash text is exactly the canonical URL-safe base64 of 32 bytes", async (t) => {
  t.equal(HASH_ID_LENGTH, 43);
  t.equal(isHashText("Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg"), true);
  t.equal(isHashText("A".repeat(43)), true);
  t.equal(isHashText("A".repeat(42)), false, "42 characters");
  t.equal(isHashText("A".repeat(44)), false, "44 characters decode to 33 bytes");
  t.equal(isHashText(`${"A".repeat(42)}B`), false, "non-zero trailing bits");
  t.equal(isHashText(`${"A".repeat(42)}=`), false, "padding character");
  t.equal(isHashText(`${"A".repeat(42)}/`), false, "standard alphabet");
  t.equal(isHashText(""), false);
  t.equal(isHashText(`${"A".repeat(42)}E`), true, "E leaves the two unused bits zero");
});
