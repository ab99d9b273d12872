import t from "tap";
import { isStateEvent, isTypedEventType, parseRoomEvent, type RoomEvent } from "../../src/index.js";

const base = { event_id: "$e", sender: "@a:w", origin_server_ts: 1 };
const parse = (e: object) => parseRoomEvent({ ...base, ...e } as never, "!r:w");

t.test("events whose content fits their type are typed, and narrow on type", async (t) => {
  const parsed = parse({ type: "m.room.message", content: { msgtype: "m.text", body: "hi", format: "org.matrix.custom.html", formatted_body: "<b>hi</b>" } });
  t.equal(parsed.known, true);
  const event: RoomEvent = parsed.event as RoomEvent;
  t.equal(event.room_id, "!r:w", "the room ID is filled in");
  if (event.type === "m.room.message" && event.content.msgtype === "m.text") t.equal(event.content.formatted_body, "<b>hi</b>");
  else t.fail("should narrow to a text message");

  const typed: Array<[string, object, string | undefined]> = [
    ["m.room.message", { msgtype: "m.image", body: "scan.png", url: "mxc://w/abc", info: { mimetype: "image/png", size: 10 } }, undefined],
    ["m.room.message", {}, undefined], // redacted
    ["m.reaction", { "m.relates_to": { rel_type: "m.annotation", event_id: "$x", key: "👍" } }, undefined],
    ["m.room.redaction", { redacts: "$x", reason: "typo" }, undefined],
    ["m.room.member", { membership: "join", displayname: "A" }, "@a:w"],
    ["m.room.name", { name: "Lobby" }, ""],
    ["m.room.topic", {}, ""],
    ["m.room.create", { room_version: "11" }, ""],
    ["m.room.power_levels", { users: { "@a:w": 100 } }, ""],
    ["m.room.join_rules", { join_rule: "invite" }, ""],
    ["m.room.history_visibility", { history_visibility: "shared" }, ""],
    ["m.room.canonical_alias", { alias: null }, ""],
  ];
  for (const [type, content, stateKey] of typed) {
    const p = parse({ type, content, ...(stateKey !== undefined ? { state_key: stateKey } : {}) });
    t.equal(p.known, true, `${type} ${JSON.stringify(content)}`);
  }
});

t.test("content that does not fit, types the SDK does not know and missing state keys stay unknown", async (t) => {
  const untyped: Array<[string, object, string | undefined]> = [
    ["m.room.message", { msgtype: "m.text", body: 5 }, undefined],
    ["m.room.message", { msgtype: "m.location", body: "here", geo_uri: "geo:1,2" }, undefined],
    ["m.room.message", { msgtype: "m.image", body: "no url" }, undefined],
    ["m.room.message", { msgtype: "m.text", body: "x", "m.mentions": ["@a:w"] }, undefined],
    ["m.room.member", { membership: "joined" }, "@a:w"],
    ["m.room.member", { membership: "join" }, undefined],
    ["m.room.name", { name: "x" }, undefined],
    ["m.room.message", { msgtype: "m.text", body: "a state message?" }, ""],
    ["m.reaction", { "m.relates_to": { rel_type: "m.annotation", event_id: "$x" } }, undefined],
    ["org.example.custom", { anything: true }, undefined],
  ];
  for (const [type, content, stateKey] of untyped) {
    const p = parse({ type, content, ...(stateKey !== undefined ? { state_key: stateKey } : {}) });
    t.equal(p.known, false, `${type} ${JSON.stringify(content)} ${stateKey ?? "(no state key)"}`);
    t.same(p.event.content, content, "kept whole");
  }
  t.notOk(isTypedEventType("org.example.custom"));
  t.ok(isTypedEventType("m.room.member"));
  t.notOk(isTypedEventType("toString"), "not fooled by Object.prototype");
});

t.test("a redaction from an older room version gets `redacts` in its content", async (t) => {
  const p = parse({ type: "m.room.redaction", redacts: "$target", content: {} });
  t.same(p.event.content, { redacts: "$target" });
});

t.test("isStateEvent", async (t) => {
  t.ok(isStateEvent(parse({ type: "m.room.name", state_key: "", content: { name: "x" } }).event));
  t.notOk(isStateEvent(parse({ type: "m.room.message", content: { msgtype: "m.text", body: "x" } }).event));
});
