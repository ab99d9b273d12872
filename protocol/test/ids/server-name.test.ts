import t from "tap";
import { isServerName, parseServerName, splitServerName } from "../../src/ids/server-name.js";
import { expectInvalid } from "./expect-invalid.js";

t.test("spec examples are valid server names", async (t) => {
  for (const name of ["matrix.org", "matrix.org:8888", "1.2.3.4", "1.2.3.4:1234", "[1234:5678::abcd]", "[1234:5678::abcd]:5678"]) {
    t.equal(parseServerName(name), name, name);
    t.equal(isServerName(name), true, name);
  }
});

t.test("other valid server names", async (t) => {
  const valid = [
    "localhost",
    "a",
    "example.org:1",
    "example.org:65535",
    "example.org:08448",
    "MATRIX.ORG",
    "my-server.example.org",
    "xn--bcher-kva.example",
    "[::1]",
    "[::1]:8448",
    "[::ffff:1.2.3.4]:443",
    "255.255.255.255:65535",
    // The grammar does not require well-formed DNS labels, only dns-chars.
    "-leading.dash",
    "trailing.dot.",
    "a..b",
    "1.example",
  ];
  for (const name of valid) t.equal(parseServerName(name), name, name);
});

t.test("case is preserved, never folded", async (t) => {
  t.equal(parseServerName("Matrix.Org"), "Matrix.Org");
  t.not(parseServerName("matrix.org"), parseServerName("MATRIX.ORG"));
});

t.test("non-strings, empty and over-long names", async (t) => {
  for (const input of [undefined, null, 42, {}, ["matrix.org"], true]) {
    expectInvalid(t, () => parseServerName(input), "server_name", "not_string", String(input));
    t.equal(isServerName(input), false);
  }
  expectInvalid(t, () => parseServerName(""), "server_name", "empty", "empty");
  const max = `${"a".repeat(251)}.org`;
  t.equal(max.length, 255);
  t.equal(parseServerName(max), max, "255 characters is allowed");
  expectInvalid(t, () => parseServerName(`a${max}`), "server_name", "too_long", "256 characters");
});

t.test("bad DNS hostnames", async (t) => {
  const cases = ["exa mple.org", "example.org/", "exam_ple.org", "例子.测试", "ex@mple.org", ":8448", "example.org]"];
  for (const name of cases) expectInvalid(t, () => parseServerName(name), "server_name", "bad_host", name);
  expectInvalid(t, () => parseServerName("1234:5678::abcd"), "server_name", "bad_host", "unbracketed IPv6");
  expectInvalid(t, () => parseServerName("example.org:80:80"), "server_name", "bad_host", "two ports");
  expectInvalid(t, () => parseServerName("[::1]x"), "server_name", "bad_host", "junk after ]");
  expectInvalid(t, () => parseServerName("[::1]8448"), "server_name", "bad_host", "port without ':'");
});

t.test("bad IPv4 literals", async (t) => {
  for (const name of ["256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4.:80", "999.999.999.999:80", "123"]) {
    expectInvalid(t, () => parseServerName(name), "server_name", "bad_ipv4", name);
  }
});

t.test("bad IPv6 literals", async (t) => {
  for (const name of ["[::1", "[]", "[:::]", "[1::2::3]", "[fe80::1%eth0]", "[1.2.3.4]", "[example.org]", "[::1]:80]"]) {
    const message = `${name} rejected`;
    if (name === "[::1]:80]") expectInvalid(t, () => parseServerName(name), "server_name", "bad_port", message);
    else expectInvalid(t, () => parseServerName(name), "server_name", "bad_ipv6", message);
  }
});

t.test("ports must be 1-5 digits in 1..65535", async (t) => {
  for (const name of ["example.org:", "example.org:0", "example.org:00000", "example.org:65536", "example.org:123456", "example.org:-1", "example.org:+80", "example.org:8a", "example.org: 80", "[::1]:", "[::1]:0", "1.2.3.4:99999"]) {
    expectInvalid(t, () => parseServerName(name), "server_name", "bad_port", name);
  }
});

t.test("error messages say what is wrong", async (t) => {
  const error = expectInvalid(t, () => parseServerName("example.org:0"), "server_name", "bad_port", "port 0");
  t.equal(error?.message, 'invalid server name: "example.org:0" has a port that is not a number from 1 to 65535');
});

t.test("splitServerName gives hostname, port and type", async (t) => {
  t.strictSame(splitServerName(parseServerName("matrix.org")), { hostname: "matrix.org", port: undefined, type: "dns" });
  t.strictSame(splitServerName(parseServerName("matrix.org:8888")), { hostname: "matrix.org", port: 8888, type: "dns" });
  t.strictSame(splitServerName(parseServerName("1.2.3.4")), { hostname: "1.2.3.4", port: undefined, type: "ipv4" });
  t.strictSame(splitServerName(parseServerName("1.2.3.4:1234")), { hostname: "1.2.3.4", port: 1234, type: "ipv4" });
  t.strictSame(splitServerName(parseServerName("[1234:5678::abcd]")), { hostname: "[1234:5678::abcd]", port: undefined, type: "ipv6" });
  t.strictSame(splitServerName(parseServerName("[1234:5678::abcd]:5678")), { hostname: "[1234:5678::abcd]", port: 5678, type: "ipv6" });
  t.strictSame(splitServerName(parseServerName("example.org:08448")), { hostname: "example.org", port: 8448, type: "dns" });
});
