import t from "tap";
import { ROOM_VERSIONS } from "../../src/room-versions.js";
import { hashable, toFederationPdu } from "../../src/events/wire.js";
import type { RoomEvent } from "../../src/events/pdu.js";

t.test("toFederationPdu strips only event_id", async (t) => {
  const event = { event_id: "$e", type: "x", unsigned: { age: 1 } } as unknown as RoomEvent;
  t.same(toFederationPdu(event), { type: "x", unsigned: { age: 1 } });
  t.equal((event as { event_id: string }).event_id, "$e", "input untouched");
});

t.test("hashable: event_id is left out unless the format puts it in the PDU", async (t) => {
  const obj = { event_id: "$e", a: 1 };
  t.same(hashable(obj, ROOM_VERSIONS["12"]), { a: 1 });
  t.equal(hashable(obj, { ...ROOM_VERSIONS["10"], eventIdInPdu: true }), obj);
  const plain = { a: 1 };
  t.equal(hashable(plain, ROOM_VERSIONS["11"]), plain, "no copy when there is nothing to strip");
});
