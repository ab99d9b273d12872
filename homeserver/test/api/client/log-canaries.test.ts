/**
 * Canaries (unique random strings) sent through every input that carries
 * user content or secrets — message bodies, room names and topics, display
 * names, passwords (register, login, password change, UIA), access tokens,
 * account data, filter JSON, a refused request's body — appear in no log
 * line (at trace level), no error message returned and no audit row.
 * (Their absence from the database files is tested with encryption at rest.)
 */
import { randomBytes } from "node:crypto";
import t from "tap";
import { forEachDatabase } from "../../helpers/databases.js";
import { startTestHomeserver } from "../../helpers/homeserver.js";
import { captureLogger } from "../../helpers/http.js";
import { auditText } from "../../services/audit/audit-helpers.js";
import { createRoom, expectOk, send, sync } from "./sync-fixtures.js";

const V3 = "/_matrix/client/v3";
const roomPath = (roomId: string, rest: string) => `${V3}/rooms/${encodeURIComponent(roomId)}/${rest}`;

await forEachDatabase(t, "no canary reaches a log line, an error message or the audit trail", async (t, db) => {
  const captured = captureLogger("trace");
  const hs = await startTestHomeserver(t, db, { logger: captured.logger });
  const canaries = new Map<string, string>();
  const canary = (what: string) => {
    const value = `cnry${randomBytes(10).toString("hex")}`;
    canaries.set(what, value);
    return value;
  };
  const answers: unknown[] = [];
  const call = async (method: string, path: string, options: { token?: string; body?: unknown } = {}) => {
    const res = await hs.request(method, path, options);
    answers.push(res.json);
    return res;
  };

  // Registration and sign-in: passwords, and the tokens they hand out.
  const password = canary("register password");
  const reg = await call("POST", `${V3}/register`, { body: { username: "carol", password, auth: { type: "m.login.dummy" } } });
  if (reg.status === 401) await call("POST", `${V3}/register`, { body: { username: "carol", password, auth: { type: "m.login.dummy", session: reg.json.session } } });
  const login = await expectOk("login", await call("POST", `${V3}/login`, { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "carol" }, password } }));
  const token = login.access_token as string;
  canaries.set("access token", token);
  await call("POST", `${V3}/login`, { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "carol" }, password: canary("wrong password") } });
  await call("GET", `${V3}/account/whoami`, { token: `${canary("forged token")}` });
  const carol = { userId: login.user_id as string, accessToken: token, deviceId: login.device_id as string };

  // Room content, profile, account data, filters.
  const roomId = await createRoom(hs, carol, { name: canary("room name"), topic: canary("room topic") });
  await send(hs, carol, roomId, canary("message body"));
  await call("PUT", roomPath(roomId, "state/m.room.topic/"), { token, body: { topic: canary("topic change") } });
  await call("PUT", `${V3}/profile/${encodeURIComponent(carol.userId)}/displayname`, { token, body: { displayname: canary("display name") } });
  await call("PUT", `${V3}/user/${encodeURIComponent(carol.userId)}/account_data/org.example.notes`, { token, body: { note: canary("account data") } });
  const filter = await call("POST", `${V3}/user/${encodeURIComponent(carol.userId)}/filter`, { token, body: { room: { timeline: { types: [canary("filter json")] } } } });
  await sync(hs, carol, { filter: filter.json.filter_id as string });
  // Refused input: the error must not echo it back.
  await call("GET", `${V3}/sync?filter=${encodeURIComponent(`{"room":${canary("malformed filter")}`)}`, { token });
  await call("PUT", roomPath(roomId, "send/m.room.message/bad1"), { token, body: `{"body":"${canary("malformed body")}"` });
  await call("POST", `${V3}/account/password`, { token, body: { new_password: canary("weak new password").slice(0, 8), auth: { type: "m.login.password", identifier: { type: "m.id.user", user: "carol" }, password } } });

  // Password change through UIA: the old password in the UIA stage, the new one in the body.
  const newPassword = canary("new password");
  const uia = await call("POST", `${V3}/account/password`, { token, body: { new_password: newPassword } });
  await expectOk("password change", await call("POST", `${V3}/account/password`, {
    token,
    body: { new_password: newPassword, auth: { type: "m.login.password", session: uia.json.session, identifier: { type: "m.id.user", user: "carol" }, password } },
  }));
  await call("POST", `${V3}/account/password`, { token, body: { new_password: newPassword, auth: { type: "m.login.password", identifier: { type: "m.id.user", user: "carol" }, password: canary("wrong uia password") } } });

  const logs = captured.text();
  t.ok(logs.length > 0, "the server did log");
  const errors = JSON.stringify(answers.filter((a) => typeof a === "object" && a !== null && "errcode" in a));
  t.ok(errors.includes("M_"), "some requests were refused");
  const audit = await auditText(db);
  t.ok(audit.includes(carol.userId), "the trail recorded the acts");
  for (const [what, value] of canaries) {
    t.notOk(logs.includes(value), `${what}: not in the logs`);
    t.notOk(errors.includes(value), `${what}: not in an error message`);
    t.notOk(audit.includes(value), `${what}: not in the audit trail`);
  }
});
