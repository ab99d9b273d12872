import t from "tap";
import { checkEventAuth } from "../../src/auth/check.js";
import { authorisingServerOf } from "../../src/auth/membership.js";
import type { JsonObject } from "../../src/json.js";
import type { RoomFixture } from "./fixtures.js";
import { ALICE, ALLOW, BOB, CAROL, DAVE, fakeSignatures, joinRule, makeRoom, member, powerLevels, refusedWith, VERSIONS } from "./fixtures.js";

function memberEvent(room: RoomFixture, sender: string, target: string, content: JsonObject) {
  return room.build({ type: "m.room.member", sender, state_key: target, content });
}

function check(room: RoomFixture, sender: string, target: string, content: JsonObject) {
  return checkEventAuth(memberEvent(room, sender, target, content), room.state, room.version);
}

t.test("rule 4.1/5.1: m.room.member needs a state_key and content.membership", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id);
    const noKey = room.build({ type: "m.room.member", sender: ALICE, content: { membership: "join" } });
    t.match(checkEventAuth(noKey, room.state, room.version), refusedWith(/must have a state_key/), `v${id}`);
    t.match(check(room, ALICE, ALICE, { displayname: "A" }), refusedWith(/must have content.membership/), `v${id}`);
  }
});

t.test("rule 4.8/5.8: an unknown membership is refused", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id);
    t.match(check(room, ALICE, BOB, { membership: "foo" }), refusedWith(/unknown membership "foo"/), `v${id}`);
    t.match(check(room, ALICE, BOB, { membership: 7 }), refusedWith(/unknown membership 7/), `v${id}`);
  }
});

t.test("rule 4.2/5.2: join_authorised_via_users_server requires that user's server to have signed", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, joinRule("public"));
    const unsigned = memberEvent(room, BOB, BOB, { membership: "join", join_authorised_via_users_server: ALICE });
    t.match(checkEventAuth(unsigned, room.state, room.version), refusedWith(/not signed by a.example/), `v${id} join`);
    const signed = { ...unsigned, signatures: fakeSignatures("b.example", "a.example") };
    t.strictSame(checkEventAuth(signed, room.state, room.version), ALLOW, `v${id} signed`);
    const emptySig = { ...unsigned, signatures: { ...fakeSignatures("b.example"), "a.example": {} } };
    t.match(checkEventAuth(emptySig, room.state, room.version), refusedWith(/not signed by a.example/), `v${id} empty signature map`);
    const bogus = memberEvent(room, BOB, BOB, { membership: "join", join_authorised_via_users_server: 12 });
    t.match(checkEventAuth(bogus, room.state, room.version), refusedWith(/is not a user ID/), `v${id} not a string`);
    room.setMembership(BOB, "join");
    const leave = memberEvent(room, BOB, BOB, { membership: "leave", join_authorised_via_users_server: ALICE });
    t.match(checkEventAuth(leave, room.state, room.version), refusedWith(/not signed by a.example/), `v${id} applies to every membership`);
  }
});

t.test("authorisingServerOf names the extra server whose signature a restricted join needs", async (t) => {
  t.equal(authorisingServerOf({ type: "m.room.member", content: { membership: "join", join_authorised_via_users_server: "@x:a.example:8448" } }), "a.example:8448");
  t.equal(authorisingServerOf({ type: "m.room.member", content: { membership: "join" } }), undefined);
  t.equal(authorisingServerOf({ type: "m.room.member", content: { membership: "join", join_authorised_via_users_server: 5 } }), undefined);
  t.equal(authorisingServerOf({ type: "m.room.message", content: { join_authorised_via_users_server: "@x:a.example" } }), undefined);
});

t.test("rule join 1: the creator's first join, right after the create event", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id);
    const first = room.events[1]!;
    t.equal(first.content["membership"], "join");
    t.same(first.prev_events, [room.create.event_id]);
    const onlyCreate = new Map([...room.state].filter(([, e]) => e.type === "m.room.create"));
    t.strictSame(checkEventAuth(first, onlyCreate, room.version), ALLOW, `v${id}`);
    const twoPrev = { ...first, prev_events: [room.create.event_id, "$other"] };
    t.match(checkEventAuth(twoPrev, onlyCreate, room.version), refusedWith(/not invited/), `v${id} with two prev_events it is an ordinary join`);
    const other = memberEvent(room, BOB, BOB, { membership: "join" });
    t.match(checkEventAuth({ ...other, prev_events: [room.create.event_id] }, onlyCreate, room.version), refusedWith(/not invited/), `v${id} only the creator`);
  }
});

t.test("rule join 1: who counts as creator differs: v10 content.creator, v11+ the create sender", async (t) => {
  const v10 = makeRoom(ALICE, "10");
  const create10 = v10.create;
  const state = new Map([...v10.state].filter(([, e]) => e.type === "m.room.create"));
  const claimed = [...state.values()][0]!;
  state.set([...state.keys()][0]!, { ...claimed, content: { ...claimed.content, creator: BOB } });
  const bobJoin = { ...memberEvent(v10, BOB, BOB, { membership: "join" }), prev_events: [create10.event_id] };
  t.strictSame(checkEventAuth(bobJoin, state, v10.version), ALLOW, "v10 trusts content.creator");
  const aliceJoin = { ...memberEvent(v10, ALICE, ALICE, { membership: "join" }), prev_events: [create10.event_id] };
  t.match(checkEventAuth(aliceJoin, state, v10.version), refusedWith(/not invited/), "v10 ignores the sender");

  for (const id of ["11", "12"] as const) {
    const room = makeRoom(ALICE, id);
    const onlyCreate = new Map([...room.state].filter(([, e]) => e.type === "m.room.create"));
    const key = [...onlyCreate.keys()][0]!;
    onlyCreate.set(key, { ...room.create, content: { ...room.create.content, creator: BOB } });
    const bob = { ...memberEvent(room, BOB, BOB, { membership: "join" }), prev_events: [room.create.event_id] };
    t.match(checkEventAuth(bob, onlyCreate, room.version), refusedWith(/not invited/), `v${id} ignores content.creator`);
    t.strictSame(checkEventAuth(room.events[1]!, onlyCreate, room.version), ALLOW, `v${id} uses the sender`);
  }
});

t.test("rule join 2-3: only yourself, and not when banned", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, joinRule("public"), member(CAROL, "ban"));
    t.match(check(room, ALICE, BOB, { membership: "join" }), refusedWith(/sender must match state_key/), `v${id} forcing a join`);
    t.match(check(room, CAROL, CAROL, { membership: "join" }), refusedWith(/@carol:c.example is banned/), `v${id} banned, even if public`);
    t.strictSame(check(room, BOB, BOB, { membership: "join" }), ALLOW, `v${id} public`);
  }
});

t.test("rule join 4: join rule invite or knock admits the invited and the joined", async (t) => {
  for (const id of VERSIONS) {
    for (const rule of ["invite", "knock"]) {
      const room = makeRoom(ALICE, id, joinRule(rule), member(BOB, "invite"), member(CAROL, "knock"));
      t.strictSame(check(room, BOB, BOB, { membership: "join" }), ALLOW, `v${id} ${rule}: invited`);
      t.strictSame(check(room, ALICE, ALICE, { membership: "join", displayname: "Alice" }), ALLOW, `v${id} ${rule}: already joined`);
      t.match(check(room, CAROL, CAROL, { membership: "join" }), refusedWith(new RegExp(`join rule is ${rule} and @carol:c.example is not invited`)), `v${id} ${rule}: knocked only`);
      t.match(check(room, DAVE, DAVE, { membership: "join" }), refusedWith(/not invited/), `v${id} ${rule}: stranger`);
    }
  }
});

t.test("rule join 4: with no join rules event the room behaves as invite-only", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, member(BOB, "invite"));
    room.state.delete([...room.state.keys()].find((k) => k.startsWith("m.room.join_rules"))!);
    t.strictSame(check(room, BOB, BOB, { membership: "join" }), ALLOW, `v${id} invited`);
    t.match(check(room, CAROL, CAROL, { membership: "join" }), refusedWith(/join rule is invite/), `v${id} stranger`);
  }
});

t.test("rule join 5: restricted and knock_restricted joins", async (t) => {
  for (const id of VERSIONS) {
    for (const rule of ["restricted", "knock_restricted"]) {
      const room = makeRoom(ALICE, id, joinRule(rule, { allow: [] }), powerLevels({ invite: 50, users: id === "12" ? { [DAVE]: 10 } : { [ALICE]: 100, [DAVE]: 10 } }),
        member(BOB, "invite"), member(DAVE, "invite"), member(DAVE, "join"), member("@erin:a.example", "invite"));
      const label = `v${id} ${rule}`;
      t.strictSame(check(room, BOB, BOB, { membership: "join" }), ALLOW, `${label}: invited users need no authoriser`);
      t.strictSame(check(room, DAVE, DAVE, { membership: "join", displayname: "D" }), ALLOW, `${label}: joined users need no authoriser`);
      t.match(check(room, CAROL, CAROL, { membership: "join" }), refusedWith(/has no join_authorised_via_users_server/), `${label}: no authoriser`);

      const via = (authoriser: string) => ({
        ...memberEvent(room, CAROL, CAROL, { membership: "join", join_authorised_via_users_server: authoriser }),
        signatures: fakeSignatures("c.example", authoriser.slice(authoriser.indexOf(":") + 1)),
      });
      t.strictSame(checkEventAuth(via(ALICE), room.state, room.version), ALLOW, `${label}: authorised by a joined user with invite power`);
      t.match(checkEventAuth(via(DAVE), room.state, room.version), refusedWith(/@dave:d.example lacks the power level to invite/), `${label}: authoriser below the invite level`);
      t.match(checkEventAuth(via("@erin:a.example"), room.state, room.version), refusedWith(/@erin:a.example is not joined/), `${label}: authoriser only invited`);
      t.match(checkEventAuth(via("@nobody:a.example"), room.state, room.version), refusedWith(/is not joined/), `${label}: authoriser never in the room`);
    }
  }
});

t.test("rule join 6-7: public rooms admit anyone; unknown join rules admit no one", async (t) => {
  for (const id of VERSIONS) {
    const open = makeRoom(ALICE, id, joinRule("public"));
    t.strictSame(check(open, BOB, BOB, { membership: "join" }), ALLOW, `v${id} public`);
    const priv = makeRoom(ALICE, id, joinRule("private"), member(BOB, "invite"));
    t.match(check(priv, BOB, BOB, { membership: "join" }), refusedWith(/not allowed under join rule "private"/), `v${id} private, even invited`);
  }
});

t.test("rule invite: inviter joined, target not joined or banned, inviter at the invite level", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, powerLevels({ invite: 20, users: id === "12" ? { [CAROL]: 20 } : { [ALICE]: 100, [CAROL]: 20 } }),
      member(BOB, "invite"), member(BOB, "join"), member(CAROL, "invite"), member(CAROL, "join"), member(DAVE, "ban"), member("@gone:g.example", "invite"), member("@gone:g.example", "leave"),
      member("@pending:p.example", "invite"));
    const label = `v${id}`;
    t.strictSame(check(room, ALICE, "@new:n.example", { membership: "invite" }), ALLOW, `${label} creator invites`);
    t.strictSame(check(room, CAROL, "@new:n.example", { membership: "invite" }), ALLOW, `${label} exactly the invite level`);
    t.strictSame(check(room, ALICE, "@gone:g.example", { membership: "invite" }), ALLOW, `${label} re-invite after leave`);
    t.strictSame(check(room, ALICE, "@pending:p.example", { membership: "invite" }), ALLOW, `${label} invite again while invited`);
    t.match(check(room, BOB, "@new:n.example", { membership: "invite" }), refusedWith(/@bob:b.example lacks the power level to invite/), `${label} below the invite level`);
    t.match(check(room, ALICE, BOB, { membership: "invite" }), refusedWith(/@bob:b.example is already joined/), `${label} target joined`);
    t.match(check(room, ALICE, DAVE, { membership: "invite" }), refusedWith(/@dave:d.example is banned/), `${label} target banned`);
    t.match(check(room, "@gone:g.example", "@new:n.example", { membership: "invite" }), refusedWith(/inviter @gone:g.example is not joined/), `${label} inviter not joined`);
  }
});

t.test("rule leave 1: leaving yourself from invite, join or knock; not from leave or ban", async (t) => {
  for (const id of VERSIONS) {
    const room = makeRoom(ALICE, id, member(BOB, "invite"), member(CAROL, "knock"), member(DAVE, "ban"), member("@gone:g.example", "invite"), member("@gone:g.example", "leave"));
    t.strictSame(check(room, ALICE, ALICE, { membership: "leave" }), ALLOW, `v${id} joined`);
    t.strictSame(check(room, BOB, BOB, { membership: "leave" }), ALLOW, `v${id} rejecting an invite`);
    t.strictSame(check(room, CAROL, CAROL, { membership: "leave" }), ALLOW, `v${id} retracting a knock`);
    t.match(check(room, DAVE, DAVE, { membership: "leave" }), refusedWith(/cannot leave from membership ban/), `v${id} unbanning yourself`);
    t.match(check(room, "@gone:g.example", "@gone:g.example", { membership: "leave" }), refusedWith(/from membership leave/), `v${id} already left`);
    t.match(check(room, "@never:n.example", "@never:n.example", { membership: "leave" }), refusedWith(/from membership leave/), `v${id} never a member`);
  }
});

t.test("rule leave 2-5: kicking, revoking invites and unbanning", async (t) => {
  for (const id of VERSIONS) {
    const users: JsonObject = { [BOB]: 50, [CAROL]: 50, [DAVE]: 10 };
    if (id !== "12") users[ALICE] = 100;
    const room = makeRoom(ALICE, id, powerLevels({ kick: 50, ban: 60, users }),
      member(BOB, "invite"), member(BOB, "join"), member(CAROL, "invite"), member(CAROL, "join"), member(DAVE, "invite"), member(DAVE, "join"),
      member("@banned:x.example", "ban"), member("@invitee:x.example", "invite"));
    const label = `v${id}`;
    t.strictSame(check(room, BOB, DAVE, { membership: "leave" }), ALLOW, `${label} kick a lower user at the kick level`);
    t.strictSame(check(room, BOB, "@invitee:x.example", { membership: "leave" }), ALLOW, `${label} revoke an invite`);
    t.match(check(room, BOB, CAROL, { membership: "leave" }), refusedWith(/@bob:b.example lacks the power to kick @carol:c.example/), `${label} equal level`);
    t.match(check(room, DAVE, "@invitee:x.example", { membership: "leave" }), refusedWith(/lacks the power to kick/), `${label} below the kick level`);
    t.match(check(room, BOB, "@banned:x.example", { membership: "leave" }), refusedWith(/lacks the ban level needed to unban/), `${label} unban below ban level`);
    t.strictSame(check(room, ALICE, "@banned:x.example", { membership: "leave" }), ALLOW, `${label} unban with kick and ban levels`);
    t.match(check(room, "@outsider:x.example", DAVE, { membership: "leave" }), refusedWith(/@outsider:x.example is not joined/), `${label} kicker not joined`);
  }
});

t.test("rule ban: sender joined, at the ban level, above the target", async (t) => {
  for (const id of VERSIONS) {
    const users: JsonObject = { [BOB]: 50, [CAROL]: 50 };
    if (id !== "12") users[ALICE] = 100;
    const room = makeRoom(ALICE, id, powerLevels({ ban: 50, users }), member(BOB, "invite"), member(BOB, "join"), member(CAROL, "invite"), member(CAROL, "join"), member(DAVE, "invite"), member(DAVE, "join"));
    t.strictSame(check(room, BOB, DAVE, { membership: "ban" }), ALLOW, `v${id} ban a lower member`);
    t.strictSame(check(room, BOB, "@stranger:s.example", { membership: "ban" }), ALLOW, `v${id} pre-emptive ban`);
    t.match(check(room, BOB, CAROL, { membership: "ban" }), refusedWith(/lacks the power to ban @carol:c.example/), `v${id} equal level`);
    t.match(check(room, DAVE, "@stranger:s.example", { membership: "ban" }), refusedWith(/lacks the power to ban/), `v${id} below the ban level`);
    t.match(check(room, "@stranger:s.example", DAVE, { membership: "ban" }), refusedWith(/not joined/), `v${id} banner not joined`);
  }
});

t.test("v12 creators: infinite power in membership changes", async (t) => {
  const withExtra = makeRoom(ALICE, "12", { createContent: { additional_creators: [CAROL] } }, powerLevels({ users: { [BOB]: 100 } }),
    member(BOB, "invite"), member(BOB, "join"), member(CAROL, "invite"), member(CAROL, "join"));
  t.strictSame(check(withExtra, ALICE, BOB, { membership: "ban" }), ALLOW, "a creator bans a 100-level admin");
  t.match(check(withExtra, BOB, ALICE, { membership: "leave" }), refusedWith(/lacks the power to kick @alice:a.example/), "an admin cannot kick a creator");
  t.match(check(withExtra, BOB, CAROL, { membership: "ban" }), refusedWith(/lacks the power to ban @carol:c.example/), "an admin cannot ban an additional creator");
  t.match(check(withExtra, ALICE, CAROL, { membership: "ban" }), refusedWith(/lacks the power to ban/), "creators cannot ban each other");
  const v11 = makeRoom(ALICE, "11", { createContent: { additional_creators: [CAROL] } }, powerLevels({ users: { [ALICE]: 100, [BOB]: 100 } }),
    member(BOB, "invite"), member(BOB, "join"), member(CAROL, "invite"), member(CAROL, "join"));
  t.strictSame(check(v11, BOB, CAROL, { membership: "ban" }), ALLOW, "before v12 additional_creators means nothing");
  t.match(check(v11, ALICE, BOB, { membership: "ban" }), refusedWith(/lacks the power to ban/), "before v12 the creator is just 100");
});

t.test("rule knock: needs a knock join rule, yourself, and no invite, join or ban", async (t) => {
  for (const id of VERSIONS) {
    for (const rule of ["knock", "knock_restricted"]) {
      const room = makeRoom(ALICE, id, joinRule(rule), member(BOB, "invite"), member(DAVE, "ban"), member("@gone:g.example", "invite"), member("@gone:g.example", "leave"));
      const label = `v${id} ${rule}`;
      t.strictSame(check(room, CAROL, CAROL, { membership: "knock" }), ALLOW, `${label} stranger knocks`);
      t.strictSame(check(room, "@gone:g.example", "@gone:g.example", { membership: "knock" }), ALLOW, `${label} after leaving`);
      t.match(check(room, ALICE, CAROL, { membership: "knock" }), refusedWith(/only knock as themselves/), `${label} for someone else`);
      t.match(check(room, BOB, BOB, { membership: "knock" }), refusedWith(/cannot knock from membership invite/), `${label} invited`);
      t.match(check(room, ALICE, ALICE, { membership: "knock" }), refusedWith(/from membership join/), `${label} joined`);
      t.match(check(room, DAVE, DAVE, { membership: "knock" }), refusedWith(/from membership ban/), `${label} banned`);
    }
    for (const rule of ["public", "invite", "restricted"]) {
      const room = makeRoom(ALICE, id, joinRule(rule));
      t.match(check(room, CAROL, CAROL, { membership: "knock" }), refusedWith(new RegExp(`not allowed under join rule "${rule}"`)), `v${id} ${rule}`);
    }
  }
});
