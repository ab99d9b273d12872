import t from "tap";
import { checkCreateEvent } from "../../src/auth/create.js";
import { checkEventAuth } from "../../src/auth/check.js";
import { roomVersion } from "../../src/room-versions.js";
import type { RoomEvent } from "../../src/events/pdu.js";
import { ALICE, ALLOW, BOB, makeBareRoom, refusedWith, VERSIONS } from "./fixtures.js";

const v10 = roomVersion("10");
const v11 = roomVersion("11");
const v12 = roomVersion("12");

function createOf(versionId: "10" | "11" | "12"): RoomEvent {
  return makeBareRoom(ALICE, versionId).create;
}

t.test("rule 1: a well-formed create event is allowed, without any auth state", async (t) => {
  for (const id of VERSIONS) {
    t.strictSame(checkEventAuth(createOf(id), new Map(), roomVersion(id)), ALLOW, `v${id}`);
  }
});

t.test("rule 1.1: a create event with prev_events is refused", async (t) => {
  for (const id of VERSIONS) {
    const event = { ...createOf(id), prev_events: ["$earlier"] };
    t.match(checkCreateEvent(event, roomVersion(id)), refusedWith(/prev_events/), `v${id}`);
  }
});

t.test("rule 1.2 (v10, v11): room_id domain must match the sender's domain", async (t) => {
  for (const version of [v10, v11]) {
    const event = createOf(version.id);
    t.strictSame(checkCreateEvent(event, version), ALLOW);
    t.match(checkCreateEvent({ ...event, room_id: "!abc:b.example" }, version), refusedWith(/domain of the m.room.create room_id/));
    t.match(checkCreateEvent({ ...event, room_id: "!nodomain" }, version), refusedWith(/domain/));
    const { room_id: _dropped, ...withoutRoom } = event;
    t.match(checkCreateEvent({ ...withoutRoom, event_id: event.event_id }, version), refusedWith(/domain/));
  }
});

t.test("rule 1.2 (v12): a create event must not have a room_id", async (t) => {
  const event = createOf("12");
  t.equal(event.room_id, undefined);
  t.strictSame(checkCreateEvent(event, v12), ALLOW);
  t.match(checkCreateEvent({ ...event, room_id: "!abc:a.example" }, v12), refusedWith(/must not have a room_id/));
});

t.test("rule 1.3: content.room_version, when present, must be a version Ward recognises", async (t) => {
  for (const id of VERSIONS) {
    const event = createOf(id);
    const version = roomVersion(id);
    t.strictSame(checkCreateEvent({ ...event, content: { ...event.content, room_version: "11" } }, version), ALLOW);
    t.match(checkCreateEvent({ ...event, content: { ...event.content, room_version: "9" } }, version), refusedWith(/does not recognise/));
    t.match(checkCreateEvent({ ...event, content: { ...event.content, room_version: "org.example.custom" } }, version), refusedWith(/"org.example.custom"/));
    t.match(checkCreateEvent({ ...event, content: { ...event.content, room_version: 10 } }, version), refusedWith(/10/), "a number is not a version");
    const { room_version: _absent, ...noVersion } = event.content;
    t.strictSame(checkCreateEvent({ ...event, content: noVersion }, version), ALLOW, "absent room_version is not checked");
  }
});

t.test("rule 1.4 (v10 only): content.creator is required", async (t) => {
  const event = createOf("10");
  t.equal(event.content["creator"], ALICE);
  const { creator: _c, ...noCreator } = event.content;
  t.match(checkCreateEvent({ ...event, content: noCreator }, v10), refusedWith(/no content.creator/));
  const v11Event = createOf("11");
  t.equal(v11Event.content["creator"], undefined);
  t.strictSame(checkCreateEvent(v11Event, v11), ALLOW, "v11 does not need creator");
  t.strictSame(checkCreateEvent(createOf("12"), v12), ALLOW, "v12 does not need creator");
});

t.test("rule 1.4 (v12): additional_creators must be an array of valid user IDs", async (t) => {
  const event = createOf("12");
  const withExtra = (value: RoomEvent["content"][string]): RoomEvent => ({ ...event, content: { ...event.content, additional_creators: value } });
  t.strictSame(checkCreateEvent(withExtra([BOB, "@carol:c.example:8448"]), v12), ALLOW);
  t.strictSame(checkCreateEvent(withExtra([]), v12), ALLOW);
  t.strictSame(checkCreateEvent(withExtra(["@Historical_User!:b.example"]), v12), ALLOW, "historical localparts pass, as for sender");
  t.match(checkCreateEvent(withExtra(BOB), v12), refusedWith(/must be an array/));
  t.match(checkCreateEvent(withExtra({ user: BOB }), v12), refusedWith(/must be an array/));
  t.match(checkCreateEvent(withExtra([BOB, "carol"]), v12), refusedWith(/invalid user ID: "carol"/));
  t.match(checkCreateEvent(withExtra([42]), v12), refusedWith(/invalid user ID: 42/));
  t.match(checkCreateEvent(withExtra(["@bob:bad_server!"]), v12), refusedWith(/invalid user ID/));
  t.match(checkCreateEvent(withExtra([`@${"x".repeat(250)}:b.example`]), v12), refusedWith(/invalid user ID/), "over 255 bytes");
  const v11Event = createOf("11");
  t.strictSame(checkCreateEvent({ ...v11Event, content: { ...v11Event.content, additional_creators: "junk" } }, v11), ALLOW, "v11 ignores the key");
});
