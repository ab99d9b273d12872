import t from "tap";
import { notificationOf, stripHistoricalActions, unreadCountsOf } from "../../src/push/actions.js";
import type { PushAction } from "../../src/push/types.js";

t.test("notificationOf", async (t) => {
  t.same(notificationOf([]), { notify: false, highlight: false, tweaks: {} });
  t.same(notificationOf(["notify"]), { notify: true, highlight: false, tweaks: {} });
  t.same(notificationOf(["notify", { set_tweak: "highlight" }]), { notify: true, highlight: true, tweaks: { highlight: true } }, "no value means true");
  t.same(notificationOf([{ set_tweak: "highlight", value: true }]), { notify: false, highlight: true, tweaks: { highlight: true } });
  t.same(notificationOf([{ set_tweak: "highlight", value: false }]), { notify: false, highlight: false, tweaks: { highlight: false } });
  t.same(notificationOf(["notify", { set_tweak: "sound", value: "default" }]), { notify: true, highlight: false, sound: "default", tweaks: { sound: "default" } });
  t.same(
    notificationOf([{ set_tweak: "sound", value: "a" }, { set_tweak: "sound", value: "b" }, { set_tweak: "highlight" }, { set_tweak: "highlight", value: false }]),
    { notify: false, highlight: false, sound: "b", tweaks: { sound: "b", highlight: false } },
    "later tweaks win",
  );
  t.same(notificationOf(["dont_notify", "coalesce"]), { notify: false, highlight: false, tweaks: {} }, "historical actions do nothing");
  t.same(notificationOf([{ set_tweak: "org.example.led", value: "blue" }, { set_tweak: "bare" }]), { notify: false, highlight: false, tweaks: { "org.example.led": "blue" } }, "custom tweaks pass through; valueless ones are dropped");
  t.same(notificationOf([{ set_tweak: "sound", value: 3 } as unknown as PushAction]), { notify: false, highlight: false, tweaks: {} }, "non-string sound ignored");
  t.same(notificationOf(["org.example.unknown" as PushAction, 5 as unknown as PushAction, null as unknown as PushAction]), { notify: false, highlight: false, tweaks: {} }, "junk ignored");
  const proto = notificationOf([{ set_tweak: "__proto__", value: { polluted: true } }]);
  t.same(Object.keys(proto.tweaks), ["__proto__"]);
  t.equal((proto.tweaks as Record<string, unknown>)["polluted"], undefined, "no prototype pollution");
});

t.test("stripHistoricalActions", async (t) => {
  t.same(stripHistoricalActions(["dont_notify"]), []);
  t.same(stripHistoricalActions(["notify", "coalesce", { set_tweak: "highlight" }]), ["notify", { set_tweak: "highlight" }]);
});

t.test("unreadCountsOf", async (t) => {
  t.same(unreadCountsOf([]), { notification: false, highlight: false });
  t.same(unreadCountsOf(["notify"]), { notification: true, highlight: false });
  t.same(unreadCountsOf(["notify", { set_tweak: "highlight" }]), { notification: true, highlight: true });
  t.same(unreadCountsOf([{ set_tweak: "highlight" }]), { notification: false, highlight: false }, "highlight without notify counts nowhere");
  t.same(unreadCountsOf(["notify", { set_tweak: "highlight", value: false }]), { notification: true, highlight: false });
});
