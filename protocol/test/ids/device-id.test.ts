import t from "tap";
import { isDeviceId, isOpaqueId, parseDeviceId } from "../../src/ids/device-id.js";
import { expectInvalid } from "./expect-invalid.js";

t.test("isOpaqueId follows the Opaque Identifier Grammar", async (t) => {
  for (const ok of ["ABCDEFGHIJ", "a", "a-b.c_d~e", "0123456789", "x".repeat(255)]) t.equal(isOpaqueId(ok), true, ok.slice(0, 20));
  for (const bad of ["", "x".repeat(256), "a b", "a+b", "a/b", "a:b", "é", "*", 5, null]) t.equal(isOpaqueId(bad), false, JSON.stringify(bad));
});

t.test("device IDs: liberal, printable, bounded", async (t) => {
  const valid = ["ABCDEFGHIJ", "QBUAZIFURK", "my phone", "Element (web)", "dévice", "😀", "a+b/c:d", "x".repeat(255), "é".repeat(127)];
  for (const ok of valid) {
    t.equal(parseDeviceId(ok), ok, ok.slice(0, 20));
    t.equal(isDeviceId(ok), true);
  }
});

t.test("invalid device IDs", async (t) => {
  for (const input of [undefined, null, 9, {}, ["ABC"]]) expectInvalid(t, () => parseDeviceId(input), "device_id", "not_string", String(input));
  expectInvalid(t, () => parseDeviceId(""), "device_id", "empty", "empty");
  expectInvalid(t, () => parseDeviceId("x".repeat(256)), "device_id", "too_long", "256 bytes");
  expectInvalid(t, () => parseDeviceId("é".repeat(128)), "device_id", "too_long", "256 bytes in 128 characters");
  expectInvalid(t, () => parseDeviceId("*"), "device_id", "reserved", "wildcard");
  for (const bad of ["a\u0000", "a\nb", "\t", "a\u007f", "a\u0085", "a\ud800", "\udfffb"]) {
    expectInvalid(t, () => parseDeviceId(bad), "device_id", "bad_character", JSON.stringify(bad));
  }
  t.equal(parseDeviceId("**"), "**", "only '*' alone is reserved");
  t.equal(isDeviceId("*"), false);
});
