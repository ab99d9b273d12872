import t from "tap";
import { EndpointDefinitionError } from "../../src/endpoints/errors.js";
import { parseTemplate, type PathParams } from "../../src/endpoints/template.js";

t.test("parses literals and parameters segment by segment", async (t) => {
  const parsed = parseTemplate("/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}");
  t.same(parsed.paramNames, ["roomId", "eventType", "txnId"]);
  t.same(parsed.segments.slice(3, 5), [
    { kind: "literal", text: "rooms" },
    { kind: "param", name: "roomId" },
  ]);
  t.equal(parsed.segments.length, 8);
  t.equal(parsed.trailingSlash, false);
});

t.test("a trailing slash is an empty last literal", async (t) => {
  const parsed = parseTemplate("/_matrix/client/v3/pushrules/");
  t.equal(parsed.trailingSlash, true);
  t.same(parsed.segments[parsed.segments.length - 1], { kind: "literal", text: "" });
  t.same(parsed.paramNames, []);
});

t.test("malformed templates are refused", async (t) => {
  const bad: Array<[string, RegExp]> = [
    ["no/leading/slash", /must start with "\/"/],
    ["/a//b", /empty segment/],
    ["/rooms/{room-id}", /bad parameter name "room-id"/],
    ["/rooms/{a}/x/{a}", /parameter a appears twice/],
    ["/media/{id}.png", /whole segment/],
    ["/rooms/{}", /bad parameter name ""/],
  ];
  for (const [template, message] of bad) {
    const err = t.throws(() => parseTemplate(template), template);
    t.type(err, EndpointDefinitionError);
    t.match((err as Error).message, message);
  }
});

t.test("PathParams follows the template at the type level", async (t) => {
  const params: PathParams<"/rooms/{roomId}/event/{eventId}"> = { roomId: "!r:x", eventId: "$e" };
  // @ts-expect-error eventId is required
  const missing: PathParams<"/rooms/{roomId}/event/{eventId}"> = { roomId: "!r:x" };
  const none: PathParams<"/versions"> = {};
  t.same(Object.keys(params), ["roomId", "eventId"]);
  t.ok(missing && none);
});
