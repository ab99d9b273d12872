import t from "tap";
import fc from "fast-check";
import { eventIdFromReferenceHash, isEventId, parseEventId } from "../../src/ids/event-id.js";
import { expectInvalid } from "./expect-invalid.js";

const SPEC_EXAMPLE = "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg";

t.test("v4+ event IDs: '$' and 43 URL-safe base64 characters", async (t) => {
  t.equal(parseEventId(SPEC_EXAMPLE), SPEC_EXAMPLE);
  t.equal(isEventId(SPEC_EXAMPLE), true);
  const zeros = `$${"A".repeat(43)}`;
  t.equal(parseEventId(zeros), zeros);
  const allOnes = `$${"_".repeat(42)}w`;
  t.equal(parseEventId(allOnes), allOnes, "last character carries 4 data bits");
});

t.test("invalid event IDs", async (t) => {
  for (const input of [undefined, null, 1, {}, [SPEC_EXAMPLE]]) expectInvalid(t, () => parseEventId(input), "event_id", "not_string", String(input));
  expectInvalid(t, () => parseEventId(""), "event_id", "empty", "empty");
  expectInvalid(t, () => parseEventId(SPEC_EXAMPLE.slice(1)), "event_id", "bad_sigil", "no sigil");
  expectInvalid(t, () => parseEventId(`!${SPEC_EXAMPLE.slice(1)}`), "event_id", "bad_sigil", "room sigil");
  const bad: Array<[string, string]> = [
    ["$", "sigil only"],
    [SPEC_EXAMPLE.slice(0, 43), "42 characters"],
    [`${SPEC_EXAMPLE}A`, "44 characters"],
    [`${SPEC_EXAMPLE}=`, "padding"],
    [`$${"+".repeat(42)}A`, "standard base64 alphabet (room version 3)"],
    [`$${"A".repeat(42)}B`, "non-zero trailing bits: not the canonical spelling"],
    [`$${"A".repeat(42)}h`, "non-zero trailing bits"],
    ["$abc123:example.org", "room version 1-2 form is not supported"],
    [`$${"A".repeat(42)} `, "space"],
  ];
  for (const [input, label] of bad) expectInvalid(t, () => parseEventId(input), "event_id", "bad_hash", label);
  expectInvalid(t, () => parseEventId(`$${"a".repeat(300)}`), "event_id", "too_long", "over 255 bytes");
  t.equal(isEventId("$abc:example.org"), false);
  t.equal(isEventId(42), false);
});

t.test("eventIdFromReferenceHash encodes 32 bytes", async (t) => {
  t.equal(eventIdFromReferenceHash(new Uint8Array(32)), `$${"A".repeat(43)}`);
  t.equal(eventIdFromReferenceHash(new Uint8Array(32).fill(0xff)), `$${"_".repeat(42)}8`);
  expectInvalid(t, () => eventIdFromReferenceHash(new Uint8Array(31)), "event_id", "bad_hash", "31 bytes");
  expectInvalid(t, () => eventIdFromReferenceHash(new Uint8Array(33)), "event_id", "bad_hash", "33 bytes");
});

t.test("every reference hash yields a parseable event ID", async (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (hash) => {
      const id = eventIdFromReferenceHash(hash);
      return id.length === 44 && parseEventId(id) === id;
    }),
  );
  t.pass("property held");
});
