import t from "tap";
import { allocateStreamPositions } from "../../../src/store/stream.js";
import { GLOBAL_ACCOUNT_DATA, accountDataTable } from "../../../src/store/tables/account-data.js";
import { forEachDatabase } from "../../helpers/databases.js";

const A = "@a:ward.test";

await forEachDatabase(t, "upsert with a stream position; changes between positions", async (t, db) => {
  const put = (roomId: string, type: string, content: string) =>
    db.transaction(async (tx) => {
      const streamPos = await allocateStreamPositions(tx);
      await accountDataTable.upsert(tx, { userId: A, roomId, type, content, streamPos });
      return streamPos;
    });
  await put(GLOBAL_ACCOUNT_DATA, "m.push_rules", '{"v":1}'); // 1
  await put("!r:ward.test", "m.tag", '{"tags":{}}'); // 2
  await put(GLOBAL_ACCOUNT_DATA, "m.push_rules", '{"v":2}'); // 3: replaces 1
  await db.transaction(async (tx) => {
    const streamPos = await allocateStreamPositions(tx);
    await accountDataTable.upsert(tx, { userId: "@b:ward.test", roomId: "", type: "m.push_rules", content: "{}", streamPos });
  }); // 4, another user
  t.strictSame(await accountDataTable.get(db, A, "", "m.push_rules"), { userId: A, roomId: "", type: "m.push_rules", content: '{"v":2}', streamPos: 3 });
  t.equal(await accountDataTable.get(db, A, "!r:ward.test", "m.push_rules"), null, "room and global data are separate");
  const since = async (s: number, u: number) => (await accountDataTable.changedBetween(db, A, s, u)).map((r) => `${r.roomId}|${r.type}@${r.streamPos}`);
  t.strictSame(await since(0, 4), ["!r:ward.test|m.tag@2", "|m.push_rules@3"]);
  t.strictSame(await since(2, 4), ["|m.push_rules@3"]);
  t.strictSame(await since(0, 2), ["!r:ward.test|m.tag@2"], "upto bounds the range");
  t.strictSame(await since(3, 4), []);
});
