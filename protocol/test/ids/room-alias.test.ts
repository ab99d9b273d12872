import t from "tap";
import {
  aliasLocalpart,
  aliasServer,
  isRoomAlias,
  isValidNewAliasLocalpart,
  makeRoomAlias,
  parseRoomAlias,
} from "../../src/ids/room-alias.js";
import { expectInvalid } from "./expect-invalid.js";

t.test("valid aliases parse and split", async (t) => {
  const cases: Array<[string, string, string]> = [
    ["#room:example.org", "room", "example.org"],
    ["#Team Room ☃:matrix.org:8448", "Team Room ☃", "matrix.org:8448"],
    ["#a:[::1]", "a", "[::1]"],
    ["#😀\t:1.2.3.4", "😀\t", "1.2.3.4"],
  ];
  for (const [id, localpart, server] of cases) {
    const alias = parseRoomAlias(id);
    t.equal(alias, id);
    t.equal(isRoomAlias(id), true, id);
    t.equal(aliasLocalpart(alias), localpart, `${id} localpart`);
    t.equal(aliasServer(alias), server, `${id} server`);
  }
});

t.test("invalid aliases", async (t) => {
  for (const input of [undefined, null, 5, {}, ["#a:b"]]) expectInvalid(t, () => parseRoomAlias(input), "room_alias", "not_string", String(input));
  expectInvalid(t, () => parseRoomAlias(""), "room_alias", "empty", "empty");
  for (const bad of ["room:example.org", "!room:example.org", "@room:example.org", "$room:example.org"]) {
    expectInvalid(t, () => parseRoomAlias(bad), "room_alias", "bad_sigil", bad);
  }
  expectInvalid(t, () => parseRoomAlias("#room"), "room_alias", "missing_server", "no server");
  expectInvalid(t, () => parseRoomAlias("#:example.org"), "room_alias", "empty", "empty localpart (Ward's choice)");
  for (const bad of ["#room:", "#room:exa_mple.org", "#room:example.org:65536"]) {
    expectInvalid(t, () => parseRoomAlias(bad), "room_alias", "bad_server_name", bad);
  }
  expectInvalid(t, () => parseRoomAlias("#a\u0000:example.org"), "room_alias", "bad_localpart", "NUL");
  expectInvalid(t, () => parseRoomAlias("#\ud83d:example.org"), "room_alias", "bad_localpart", "lone surrogate");
  t.equal(isRoomAlias("#room"), false);
});

t.test("255-byte limit on aliases", async (t) => {
  const server = "example.org";
  const max = `#${"r".repeat(255 - 2 - server.length)}:${server}`;
  t.equal(parseRoomAlias(max), max);
  expectInvalid(t, () => parseRoomAlias(`#r${max.slice(1)}`), "room_alias", "too_long", "256 bytes");
});

t.test("isValidNewAliasLocalpart refuses unreadable localparts", async (t) => {
  for (const ok of ["room", "Team-Room_1", "☃", "😀", "a.b/c"]) t.equal(isValidNewAliasLocalpart(ok), true, ok);
  for (const bad of ["", "a b", "a\tb", "a\u00a0b", "a\u3000b", "a:b", "a\u0000", "a\u0007", "a\u007f", "a\u0085", "\ud800", 7, null]) {
    t.equal(isValidNewAliasLocalpart(bad), false, JSON.stringify(bad));
  }
});

t.test("makeRoomAlias", async (t) => {
  t.equal(makeRoomAlias("lobby", "example.org"), "#lobby:example.org");
  expectInvalid(t, () => makeRoomAlias("", "example.org"), "localpart", "empty", "empty");
  expectInvalid(t, () => makeRoomAlias("a b", "example.org"), "localpart", "bad_localpart", "space");
  expectInvalid(t, () => makeRoomAlias("a:b", "example.org"), "localpart", "bad_localpart", "colon");
  expectInvalid(t, () => makeRoomAlias("lobby", ""), "server_name", "empty", "empty server");
  expectInvalid(t, () => makeRoomAlias("r".repeat(250), "example.org"), "room_alias", "too_long", "too long");
});
