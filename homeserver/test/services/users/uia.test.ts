import t from "tap";
import { sodiumReady } from "../../../src/crypto/sodium.js";
import { MatrixError } from "../../../src/http/matrix-error.js";
import {
  createUserInteractiveAuth,
  dummyStage,
  UIA_SESSION_LIFETIME_MS,
  UiaRequired,
  type StageCheck,
  type UiaPolicy,
} from "../../../src/services/users/uia.js";
import type { Database } from "../../../src/store/database.js";
import { forEachDatabase } from "../../helpers/databases.js";

await sodiumReady();

const T0 = 1_700_000_000_000;
const secret: StageCheck = async (auth) => {
  if (auth.secret !== "open sesame") throw new MatrixError(403, "M_FORBIDDEN", "Wrong secret");
};
const STAGES = { "m.login.dummy": dummyStage, "test.secret": secret };
const REGISTER: UiaPolicy = { purpose: "register", flows: [{ stages: ["m.login.dummy"] }] };
const TWO_STAGES: UiaPolicy = {
  purpose: "delete_devices",
  userId: "@alice:localhost",
  flows: [{ stages: ["test.secret", "m.login.dummy"] }],
  params: { "test.secret": { hint: "sesame" } },
};

function uiaOn(db: Database, now = () => T0) {
  return createUserInteractiveAuth({ db, clock: now }, STAGES);
}

/** The UiaRequired an authenticate() call throws. */
async function challenge(t: Tap, promise: Promise<unknown>): Promise<UiaRequired> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof UiaRequired) return err;
    throw err;
  }
  t.fail("expected a 401 UIA challenge");
  throw new Error("unreachable");
}
type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

await forEachDatabase(t, "no auth: a new stored session and the flows", async (t, db) => {
  const uia = uiaOn(db);
  const c = await challenge(t, uia.authenticate(undefined, TWO_STAGES));
  t.equal(c.status, 401);
  t.strictSame(c.toJSON(), {
    flows: [{ stages: ["test.secret", "m.login.dummy"] }],
    params: { "test.secret": { hint: "sesame" } },
    session: c.body.session,
  });
  const rows = await db.query("SELECT session_id, purpose, user_id, created_ts, expires_ts, completed FROM uia_sessions");
  t.strictSame(rows, [
    { session_id: c.body.session, purpose: "delete_devices", user_id: "@alice:localhost", created_ts: T0, expires_ts: T0 + UIA_SESSION_LIFETIME_MS, completed: "[]" },
  ]);
});

await forEachDatabase(t, "one stage at a time: progress, failure, completion", async (t, db) => {
  const uia = uiaOn(db);
  const { session } = (await challenge(t, uia.authenticate(undefined, TWO_STAGES))).body;

  const wrong = await challenge(t, uia.authenticate({ type: "test.secret", session, secret: "guess" }, TWO_STAGES));
  t.strictSame(wrong.toJSON(), {
    flows: TWO_STAGES.flows, params: TWO_STAGES.params, session, errcode: "M_FORBIDDEN", error: "Wrong secret",
  }, "a failed stage: 401 with errcode, nothing completed");

  const progress = await challenge(t, uia.authenticate({ type: "test.secret", session, secret: "open sesame" }, TWO_STAGES));
  t.strictSame(progress.body.completed, ["test.secret"]);
  t.notOk("errcode" in progress.toJSON());

  const asking = await challenge(t, uia.authenticate({ session }, TWO_STAGES));
  t.strictSame(asking.body.completed, ["test.secret"], "a client may ask where it is");

  t.equal(await uia.authenticate({ type: "m.login.dummy", session }, TWO_STAGES), session);
  t.equal(await uia.authenticate({ session }, TWO_STAGES), session, "complete until used");
  t.equal(await db.transaction((tx) => uia.consume(tx, session)), true);
  t.equal(await db.transaction((tx) => uia.consume(tx, session)), false, "used once");
  await t.rejects(uia.authenticate({ type: "m.login.dummy", session }, TWO_STAGES), { name: "MatrixError", status: 400, errcode: "M_UNKNOWN" });
});

await forEachDatabase(t, "a session continues on another instance (another process, or after a restart)", async (t, db) => {
  const first = uiaOn(db);
  const { session } = (await challenge(t, first.authenticate(undefined, TWO_STAGES))).body;
  await challenge(t, first.authenticate({ type: "test.secret", session, secret: "open sesame" }, TWO_STAGES));
  const second = uiaOn(db);
  t.equal(await second.authenticate({ type: "m.login.dummy", session }, TWO_STAGES), session);
});

await forEachDatabase(t, "a session serves only the operation and user it began with", async (t, db) => {
  const uia = uiaOn(db);
  const { session } = (await challenge(t, uia.authenticate(undefined, REGISTER))).body;
  await t.rejects(uia.authenticate({ type: "m.login.dummy", session }, { ...REGISTER, purpose: "password" }), { name: "MatrixError", status: 403, errcode: "M_FORBIDDEN" });
  await t.rejects(uia.authenticate({ type: "m.login.dummy", session }, { ...REGISTER, userId: "@mallory:localhost" }), { name: "MatrixError", status: 403, errcode: "M_FORBIDDEN" });
  await t.rejects(uia.authenticate({ type: "m.login.dummy", session: "unknown" }, REGISTER), { name: "MatrixError", status: 400, errcode: "M_UNKNOWN" });
  t.equal(await uia.authenticate({ type: "m.login.dummy", session }, REGISTER), session, "still usable for its own purpose");
});

await forEachDatabase(t, "stages not offered, or unknown, fail inside UIA", async (t, db) => {
  const uia = uiaOn(db);
  const notOffered = await challenge(t, uia.authenticate({ type: "test.secret", secret: "open sesame" }, REGISTER));
  t.equal(notOffered.errcode, "M_UNRECOGNIZED");
  t.strictSame(notOffered.body.flows, REGISTER.flows);
  const unknown = await challenge(t, uia.authenticate({ type: "m.login.email.identity" }, { purpose: "x", flows: [{ stages: ["m.login.email.identity"] }] }));
  t.equal(unknown.errcode, "M_UNRECOGNIZED", "offered by a policy but with no checker");
});

await forEachDatabase(t, "sessions expire; opening a session sweeps expired ones", async (t, db) => {
  let now = T0;
  const uia = uiaOn(db, () => now);
  const { session } = (await challenge(t, uia.authenticate(undefined, REGISTER))).body;
  now += UIA_SESSION_LIFETIME_MS;
  await t.rejects(uia.authenticate({ type: "m.login.dummy", session }, REGISTER), { name: "MatrixError", status: 400, errcode: "M_UNKNOWN" });
  const fresh = (await challenge(t, uia.authenticate(undefined, REGISTER))).body.session;
  t.strictSame(await db.query("SELECT session_id FROM uia_sessions"), [{ session_id: fresh }]);
});

await forEachDatabase(t, "auth with a stage but no session starts one and completes a one-stage flow at once", async (t, db) => {
  const uia = uiaOn(db);
  const id = await uia.authenticate({ type: "m.login.dummy" }, REGISTER);
  t.match(id, /^[a-z0-9]{24}$/);
  t.strictSame(await db.query("SELECT completed FROM uia_sessions"), [{ completed: '["m.login.dummy"]' }]);
});
