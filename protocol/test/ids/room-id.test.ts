import t from "tap";
import fc from "fast-check";
import { ROOM_VERSIONS } from "../../src/room-versions.js";
import { eventIdFromReferenceHash, parseEventId } from "../../src/ids/event-id.js";
import {
  createEventIdOfRoomId,
  isRoomId,
  isRoomIdValidForVersion,
  makeRoomIdWithServer,
  parseRoomId,
  roomIdFromCreateEventId,
  roomIdServer,
} from "../../src/ids/room-id.js";
import { expectInvalid } from "./expect-invalid.js";

const HASH = "Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg";

t.test("room IDs with a server (room versions 10 and 11)", async (t) => {
  const cases: Array<[string, string]> = [
    ["!jEsUZKDJdhlrceRyVU:example.org", "example.org"],
    ["!AbC123:matrix.org:8448", "matrix.org:8448"],
    ["!x:[::1]", "[::1]"],
    ["!any thing ☃ 😀:1.2.3.4", "1.2.3.4"],
    ["!:example.org", "example.org"],
    [`!${HASH}:example.org`, "example.org"],
  ];
  for (const [id, server] of cases) {
    const roomId = parseRoomId(id);
    t.equal(roomId, id);
    t.equal(isRoomId(id), true, id);
    t.equal(roomIdServer(roomId), server, `${id} server`);
    t.equal(createEventIdOfRoomId(roomId), undefined, `${id} has no create event ID`);
  }
});

t.test("room IDs derived from the create event (room version 12)", async (t) => {
  const roomId = parseRoomId(`!${HASH}`);
  t.equal(roomId, `!${HASH}`);
  t.equal(roomIdServer(roomId), undefined);
  t.equal(createEventIdOfRoomId(roomId), `$${HASH}`);
  t.equal(roomIdFromCreateEventId(parseEventId(`$${HASH}`)), `!${HASH}`);
});

t.test("create event ID and room ID round-trip", async (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (hash) => {
      const eventId = eventIdFromReferenceHash(hash);
      const roomId = parseRoomId(roomIdFromCreateEventId(eventId));
      return roomId === `!${eventId.slice(1)}` && createEventIdOfRoomId(roomId) === eventId && roomIdServer(roomId) === undefined;
    }),
  );
  t.pass("property held");
});

t.test("invalid room IDs", async (t) => {
  for (const input of [undefined, null, 3, {}, [`!${HASH}`]]) expectInvalid(t, () => parseRoomId(input), "room_id", "not_string", String(input));
  expectInvalid(t, () => parseRoomId(""), "room_id", "empty", "empty");
  for (const bad of [HASH, `$${HASH}`, "#a:example.org", "@a:example.org", "room:example.org"]) {
    expectInvalid(t, () => parseRoomId(bad), "room_id", "bad_sigil", bad);
  }
  expectInvalid(t, () => parseRoomId("!"), "room_id", "missing_server", "sigil only");
  expectInvalid(t, () => parseRoomId("!abcdef"), "room_id", "missing_server", "short opaque part without server");
  expectInvalid(t, () => parseRoomId(`!${HASH.slice(1)}`), "room_id", "missing_server", "42-character hash");
  expectInvalid(t, () => parseRoomId(`!${HASH}A`), "room_id", "missing_server", "44-character hash");
  expectInvalid(t, () => parseRoomId(`!${"A".repeat(42)}B`), "room_id", "bad_hash", "non-canonical hash");
  expectInvalid(t, () => parseRoomId(`!${"+".repeat(42)}A`), "room_id", "bad_hash", "standard base64 alphabet");
  for (const bad of ["!abc:", "!abc:bad host", "!abc:example.org:0", "!abc:[::1"]) {
    expectInvalid(t, () => parseRoomId(bad), "room_id", "bad_server_name", bad);
  }
  expectInvalid(t, () => parseRoomId("!a\u0000b:example.org"), "room_id", "bad_localpart", "NUL");
  expectInvalid(t, () => parseRoomId("!a\udc00:example.org"), "room_id", "bad_localpart", "lone surrogate");
  t.equal(isRoomId("!abcdef"), false);
  t.equal(isRoomId(null), false);
});

t.test("255-byte limit on room IDs", async (t) => {
  const server = "example.org";
  const max = `!${"a".repeat(255 - 2 - server.length)}:${server}`;
  t.equal(max.length, 255);
  t.equal(parseRoomId(max), max);
  expectInvalid(t, () => parseRoomId(`!a${max.slice(1)}`), "room_id", "too_long", "256 bytes");
  expectInvalid(t, () => parseRoomId(`!${"€".repeat(81)}:${server}`), "room_id", "too_long", "256 bytes of 3-byte characters");
});

t.test("isRoomIdValidForVersion", async (t) => {
  const withServer = parseRoomId("!abc:example.org");
  const hashed = parseRoomId(`!${HASH}`);
  t.equal(isRoomIdValidForVersion(withServer, ROOM_VERSIONS["10"]), true);
  t.equal(isRoomIdValidForVersion(withServer, ROOM_VERSIONS["11"]), true);
  t.equal(isRoomIdValidForVersion(withServer, ROOM_VERSIONS["12"]), false);
  t.equal(isRoomIdValidForVersion(hashed, ROOM_VERSIONS["10"]), false);
  t.equal(isRoomIdValidForVersion(hashed, ROOM_VERSIONS["11"]), false);
  t.equal(isRoomIdValidForVersion(hashed, ROOM_VERSIONS["12"]), true);
});

t.test("makeRoomIdWithServer", async (t) => {
  t.equal(makeRoomIdWithServer("jEsUZKDJdhlrceRyVU", "example.org"), "!jEsUZKDJdhlrceRyVU:example.org");
  expectInvalid(t, () => makeRoomIdWithServer("", "example.org"), "localpart", "empty", "empty opaque part");
  expectInvalid(t, () => makeRoomIdWithServer("a-b", "example.org"), "localpart", "bad_localpart", "punctuation");
  expectInvalid(t, () => makeRoomIdWithServer("a:b", "example.org"), "localpart", "bad_localpart", "colon");
  expectInvalid(t, () => makeRoomIdWithServer("abc", "example.org:99999"), "server_name", "bad_port", "bad server");
  expectInvalid(t, () => makeRoomIdWithServer("a".repeat(250), "example.org"), "room_id", "too_long", "too long");
});
