import t from "tap";
import { EndpointValidationError } from "../../../src/endpoints/errors.js";
import { validateBody } from "../../../src/endpoints/validate.js";
import { sendReceipt, setPresence, setReadMarkers, setTyping } from "../../../src/endpoints/client/ephemeral.js";
import { setDisplayName, setAvatarUrl } from "../../../src/endpoints/client/profile.js";
import { setAccountData } from "../../../src/endpoints/client/account-data.js";

t.test("spec examples", async (t) => {
  t.same(validateBody(setTyping, { typing: true, timeout: 30000 }), { typing: true, timeout: 30000 });
  t.same(validateBody(setPresence, { presence: "online", status_msg: "I am here." }), { presence: "online", status_msg: "I am here." });
  t.same(validateBody(sendReceipt, { thread_id: "main" }), { thread_id: "main" });
  t.same(validateBody(sendReceipt, undefined), {}, "a receipt without a body");
  const markers = { "m.fully_read": "$somewhere:example.org", "m.read": "$elsewhere:example.org", "m.read.private": "$elsewhere:example.org" };
  t.same(validateBody(setReadMarkers, markers), markers);
  t.same(validateBody(setDisplayName, { displayname: "Alice Wonderland" }), { displayname: "Alice Wonderland" });
  t.same(validateBody(setAvatarUrl, { avatar_url: "mxc://matrix.org/wefh34uihSDRGhw34" }), { avatar_url: "mxc://matrix.org/wefh34uihSDRGhw34" });
  t.same(validateBody(setAccountData, { custom_account_data_key: "custom_config_value" }), { custom_account_data_key: "custom_config_value" });
});

t.test("wrong types name the field", async (t) => {
  const typing = t.throws(() => validateBody(setTyping, { typing: "yes" })) as EndpointValidationError;
  t.equal(typing.errcode, "M_BAD_JSON");
  t.equal(typing.message, "field 'typing' must be a boolean, not a string");
  const timeout = t.throws(() => validateBody(setTyping, { typing: true, timeout: 1.5 })) as EndpointValidationError;
  t.equal(timeout.message, "field 'timeout' must be an integer, not a fractional number");
  const presence = t.throws(() => validateBody(setPresence, { presence: "busy" })) as EndpointValidationError;
  t.equal(presence.message, `field 'presence' must be one of "online", "offline", "unavailable"`);
  const marker = t.throws(() => validateBody(setReadMarkers, { "m.read": 1 })) as EndpointValidationError;
  t.equal(marker.field, "m.read");
  const name = t.throws(() => validateBody(setDisplayName, {})) as EndpointValidationError;
  t.equal(name.errcode, "M_MISSING_PARAM");
  t.equal(name.message, "missing required field 'displayname'");
});
