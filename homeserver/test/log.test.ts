import t from "tap";
import { REDACTED, scrub, scrubText, serializeError } from "../src/log.js";
import { captureLogger } from "./helpers/http.js";

const TOKEN = "syt_canary_TOKEN_abc123";
const PASSWORD = "canary-Password-42";

t.test("secret keys are redacted at any depth, the input untouched", async (t) => {
  const input = {
    userId: "@a:x",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    nested: { deeper: { password: PASSWORD, list: [{ access_token: TOKEN, ok: 1 }] } },
    event: { type: "m.room.message", content: { body: "patient notes" } },
  };
  const out = scrub(input) as typeof input;
  t.equal(out.userId, "@a:x");
  t.equal(out.headers.authorization, REDACTED);
  t.equal(out.headers["content-type"], "application/json");
  t.equal(out.nested.deeper.password, REDACTED);
  t.equal((out.nested.deeper.list[0] as { access_token: string }).access_token, REDACTED);
  t.equal(out.nested.deeper.list[0]!.ok, 1);
  t.equal(out.event.content, REDACTED);
  t.equal(input.nested.deeper.password, PASSWORD, "caller's object is not changed");
});

t.test("tokens inside free text are scrubbed", async (t) => {
  t.equal(scrubText(`header was Bearer ${TOKEN}, sorry`), `header was Bearer ${REDACTED}, sorry`);
  t.equal(scrubText(`/sync?since=s1&access_token=${TOKEN}&x=1`), `/sync?since=s1&access_token=${REDACTED}&x=1`);
  t.equal(scrubText(`password=${PASSWORD}`), `password=${REDACTED}`);
});

t.test("errors keep only name, message, code, stack", async (t) => {
  const err = Object.assign(new Error("duplicate key"), { code: "23505", detail: "Key (body)=(secret) exists", parameters: ["secret"] });
  const out = serializeError(err);
  t.same(Object.keys(out).sort(), ["code", "message", "stack", "type"]);
  t.equal(out.code, "23505");
  t.notMatch(JSON.stringify(out), /secret/);
});

t.test("a logger never writes a token, password or body", async (t) => {
  const { logger, text, lines } = captureLogger();
  logger.info({ req: { headers: { Authorization: `Bearer ${TOKEN}` } }, body: { password: PASSWORD } }, "login");
  logger.child({ access_token: TOKEN }).warn(`bad token Bearer ${TOKEN}`);
  logger.error({ err: new Error(`failed with access_token=${TOKEN}`) }, "oops");
  logger.error(new Error(`password=${PASSWORD}`));
  const all = text();
  t.notMatch(all, TOKEN);
  t.notMatch(all, PASSWORD);
  t.equal(lines().length, 4);
  t.equal(lines()[2]!.msg, "oops");
  t.equal((lines()[2]!.err as { type: string }).type, "Error");
  t.equal(lines()[0]!.service, "ward");
});
