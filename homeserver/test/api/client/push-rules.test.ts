/**
 * GET /pushrules/ and one rule at a time.
 */
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { wardDefaultPushRules as defaultPushRules } from "../../../src/services/rooms/push-rules-source.js";

await forEachDatabase(t, "reading push rules", async (t, db) => {
  const hs = await startTestHomeserver(t, db);
  const alice = await hs.registerUser("alice");
  const get = (path: string) => hs.request("GET", `/_matrix/client/v3${path}`, { token: alice.accessToken });

  const all = await get("/pushrules/");
  t.same([all.status, all.json], [200, { global: defaultPushRules(alice.userId) }]);
  t.same((await get("/pushrules")).json, all.json, "without the trailing slash too");
  t.same((await get("/pushrules/global/")).json, defaultPushRules(alice.userId));
  const mention = defaultPushRules(alice.userId).override.find((r) => r.rule_id === ".m.rule.is_user_mention");
  t.same((await get("/pushrules/global/override/.m.rule.is_user_mention")).json, mention);
  t.same((await get("/pushrules/global/override/.m.rule.master/enabled")).json, { enabled: false });
  t.same((await get("/pushrules/global/override/.m.rule.member_event/enabled")).json, { enabled: false }, "Ward's defaults: membership notifies");
  t.same((await get("/pushrules/global/underride/.org.ward.rule.member_event/actions")).json, { actions: ["notify"] });
  t.same((await get("/pushrules/global/override/.m.rule.is_user_mention/actions")).json, { actions: mention?.actions });
  const unknownRule = await get("/pushrules/global/override/.m.rule.nope");
  t.same([unknownRule.status, unknownRule.json.errcode], [404, "M_NOT_FOUND"]);
  const wrongKind = await get("/pushrules/global/content/.m.rule.master");
  t.same([wrongKind.status, wrongKind.json.errcode], [404, "M_NOT_FOUND"], "a rule of another kind");
  const badKind = await get("/pushrules/global/sideways/x");
  t.same([badKind.status, badKind.json.errcode], [400, "M_INVALID_PARAM"]);
  const anonymous = await hs.request("GET", "/_matrix/client/v3/pushrules/");
  t.same([anonymous.status, anonymous.json.errcode], [401, "M_MISSING_TOKEN"]);
});
