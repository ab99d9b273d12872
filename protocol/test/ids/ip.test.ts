import t from "tap";
import { isIPv4Literal, isIPv6Literal } from "../../src/ids/ip.js";

t.test("IPv4 literals", async (t) => {
  for (const ok of ["1.2.3.4", "0.0.0.0", "255.255.255.255", "10.0.0.1", "192.168.100.200"]) t.equal(isIPv4Literal(ok), true, ok);
  for (const bad of ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.2.3.04", "1..3.4", "1.2.3.", "a.b.c.d", "1.2.3.4 ", "1234.1.1.1", "-1.2.3.4"]) {
    t.equal(isIPv4Literal(bad), false, JSON.stringify(bad));
  }
});

t.test("IPv6 literals (RFC 3513 2.2)", async (t) => {
  const valid = [
    "1234:5678::abcd",
    "::",
    "::1",
    "1::",
    "FEDC:BA98:7654:3210:FEDC:BA98:7654:3210",
    "1080:0:0:0:8:800:200C:417A",
    "1080::8:800:200C:417A",
    "0:0:0:0:0:0:13.1.68.3",
    "::13.1.68.3",
    "::FFFF:129.144.52.38",
    "1:2:3:4:5:6::7",
    "1::2:3:4:5:6:7",
    "abcd:ef01:2345:6789:abcd:ef01:2345:6789",
  ];
  for (const ok of valid) t.equal(isIPv6Literal(ok), true, ok);
  const invalid = [
    "",
    ":",
    ":::",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7::8",
    "1::2::3",
    ":1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:",
    "12345::1",
    "g::1",
    "1.2.3.4::",
    "1.2.3.4::1",
    "::1.2.3.4:1",
    "1:2:3:4:5:6:7:1.2.3.4",
    "::256.1.1.1",
    "fe80::1%eth0",
    "[::1]",
    `${"0:".repeat(22)}:`,
  ];
  for (const bad of invalid) t.equal(isIPv6Literal(bad), false, JSON.stringify(bad));
});

t.test("IPv6 literal length bounds are 2..45 characters", async (t) => {
  const longest = "0000:0000:0000:0000:0000:ffff:255.255.255.255";
  t.equal(longest.length, 45);
  t.equal(isIPv6Literal(longest), true);
  t.equal(isIPv6Literal(`0${longest}`), false, "46 characters");
});
