import t from "tap";
import * as ids from "../../src/ids/index.js";

t.test("the barrel exports the public identifier API and nothing internal", async (t) => {
  t.strictSame(Object.keys(ids).sort(), [
    "InvalidIdentifierError",
    "MAX_IDENTIFIER_BYTES",
    "aliasLocalpart",
    "aliasServer",
    "createEventIdOfRoomId",
    "eventIdFromReferenceHash",
    "isCompliantUserId",
    "isDeviceId",
    "isEventId",
    "isKeyId",
    "isOpaqueId",
    "isRoomAlias",
    "isRoomId",
    "isRoomIdValidForVersion",
    "isServerName",
    "isUserId",
    "isValidNewAliasLocalpart",
    "isValidNewLocalpart",
    "keyIdVersion",
    "makeKeyId",
    "makeRoomAlias",
    "makeRoomIdWithServer",
    "makeUserId",
    "parseDeviceId",
    "parseEventId",
    "parseKeyId",
    "parseRoomAlias",
    "parseRoomId",
    "parseServerName",
    "parseUserId",
    "roomIdFromCreateEventId",
    "roomIdServer",
    "splitServerName",
    "userIdLocalpart",
    "userIdServer",
  ]);
});

t.test("branded parse results are usable as plain strings", async (t) => {
  const userId: ids.UserId = ids.parseUserId("@alice:example.org");
  const asString: string = userId;
  t.equal(asString.toUpperCase(), "@ALICE:EXAMPLE.ORG");
  t.equal(ids.userIdServer(userId), ids.parseServerName("example.org"));
});
