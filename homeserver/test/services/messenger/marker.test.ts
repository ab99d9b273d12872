import t from "tap";
import { CHANNEL_MARKER, directMarker, messengerKindOf } from "../../../src/services/messenger/marker.js";

t.test("the marker: direct with sorted, distinct members; everything else a channel", async (t) => {
  t.same(directMarker(["@c:hs", "@a:hs", "@c:hs"]), { kind: "direct", members: ["@a:hs", "@c:hs"] });
  t.same(messengerKindOf({ "org.ward.messenger": directMarker(["@b:hs", "@a:hs"]) }), { kind: "direct", members: ["@a:hs", "@b:hs"] });
  t.same(messengerKindOf({ "org.ward.messenger": CHANNEL_MARKER }), { kind: "channel" });
  t.same(messengerKindOf({ room_version: "12" }), { kind: "channel" }, "no marker");
  t.same(messengerKindOf(undefined), { kind: "channel" });
  t.same(messengerKindOf({ "org.ward.messenger": "direct" }), { kind: "channel" }, "not an object");
  t.same(messengerKindOf({ "org.ward.messenger": { kind: "direct", members: [1, "@a:hs"] } }), { kind: "direct", members: ["@a:hs"] });
  t.same(messengerKindOf({ "org.ward.messenger": { kind: "direct" } }), { kind: "direct", members: [] }, "damaged: the stricter reading");
});
