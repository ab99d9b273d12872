import t from "tap";
import { EndpointValidationError } from "../../../src/endpoints/errors.js";
import { validateBody, validateQuery } from "../../../src/endpoints/validate.js";
import { login } from "../../../src/endpoints/client/login.js";
import { register, usernameAvailable } from "../../../src/endpoints/client/register.js";
import { changePassword, deactivateAccount } from "../../../src/endpoints/client/account.js";

t.test("login accepts the spec's example and the deprecated user field", async (t) => {
  // From login.yaml, POST /login request example.
  const example = {
    type: "m.login.password",
    identifier: { type: "m.id.user", user: "cheeky_monkey" },
    password: "ilovebananas",
    initial_device_display_name: "Jungle Phone",
  };
  t.same(validateBody(login, example), example);
  t.same(validateBody(login, { type: "m.login.password", user: "@a:x", password: "p" }), { type: "m.login.password", user: "@a:x", password: "p" });
});

t.test("login refuses bodies without a type or with a malformed identifier", async (t) => {
  const noType = t.throws(() => validateBody(login, { password: "p" })) as EndpointValidationError;
  t.equal(noType.errcode, "M_MISSING_PARAM");
  t.equal(noType.message, "missing required field 'type'");
  const badId = t.throws(() => validateBody(login, { type: "m.login.password", identifier: { user: "a" } })) as EndpointValidationError;
  t.equal(badId.errcode, "M_MISSING_PARAM");
  t.equal(badId.field, "identifier.type");
  const badRefresh = t.throws(() => validateBody(login, { type: "m.login.token", token: "t", refresh_token: "yes" })) as EndpointValidationError;
  t.equal(badRefresh.errcode, "M_BAD_JSON");
  t.equal(badRefresh.message, "field 'refresh_token' must be a boolean, not a string");
});

t.test("UIA auth dicts keep every stage field", async (t) => {
  const auth = { type: "m.login.password", session: "s1", identifier: { type: "m.id.user", user: "a" }, password: "p" };
  const body = validateBody(register, { username: "alice", password: "pw", auth, inhibit_login: false });
  t.same(body.auth, auth);
  t.equal(body.username, "alice");
  t.same(validateBody(register, {}), {}, "the first UIA round sends an empty body");
  t.same(validateBody(changePassword, { new_password: "n", logout_devices: true, auth }).auth, auth);
  t.same(validateBody(deactivateAccount, { auth: { type: "m.login.dummy" }, erase: true }), { auth: { type: "m.login.dummy" }, erase: true });
  const noPassword = t.throws(() => validateBody(changePassword, { auth })) as EndpointValidationError;
  t.equal(noPassword.errcode, "M_MISSING_PARAM");
  t.equal(noPassword.field, "new_password");
});

t.test("register and availability queries", async (t) => {
  t.same(validateQuery(register, { kind: "guest" }), { kind: "guest" });
  t.same(validateQuery(register, {}), {});
  t.equal((t.throws(() => validateQuery(register, { kind: "admin" })) as EndpointValidationError).errcode, "M_INVALID_PARAM");
  t.same(validateQuery(usernameAvailable, { username: "my_cool_localpart" }), { username: "my_cool_localpart" });
  const missing = t.throws(() => validateQuery(usernameAvailable, {})) as EndpointValidationError;
  t.equal(missing.errcode, "M_MISSING_PARAM");
  t.equal(missing.message, "missing required query parameter 'username'");
});
