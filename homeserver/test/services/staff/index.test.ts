/**
 * The staff directory service: paging with a total, search, isListed, and
 * assertMessageable's refusal (403 M_FORBIDDEN naming the user and why).
 */
import t from "tap";
import { MatrixError } from "../../../src/http/matrix-error.js";
import { assertMessageable, createStaffDirectory } from "../../../src/services/staff/index.js";
import type { Database } from "../../../src/store/database.js";
import { serverSettingsTable } from "../../../src/store/tables/server-settings.js";
import { MESSENGER_ENABLED_SETTING } from "../../../src/store/tables/staff-directory.js";
import { usersTable } from "../../../src/store/tables/users.js";
import { forEachDatabase } from "../../helpers/databases.js";
import { testConfig } from "../../helpers/http.js";
import { T0, insertUser } from "../../store/fixtures.js";

const SERVER = "ward.test";
const id = (localpart: string) => `@${localpart}:${SERVER}`;

async function signedIn(db: Database, localpart: string, mods: Parameters<typeof insertUser>[2] = {}): Promise<string> {
  const userId = await insertUser(db, localpart, mods);
  await usersTable.recordLogin(db, userId, T0);
  return userId;
}

/** The MatrixError `promise` rejects with, as [status, errcode, message]; fails when it resolves. */
async function refusalOf(promise: Promise<unknown>): Promise<[number, string, string]> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof MatrixError) return [err.status, err.errcode, err.message];
    throw err;
  }
  throw new Error("expected a refusal");
}

await forEachDatabase(t, "list: pages in directory order with next_batch and total; search narrows", async (t, db) => {
  const staff = createStaffDirectory({ db, config: testConfig({ serverName: SERVER }) });
  for (const u of ["ann", "bea", "cat", "dot", "eve"]) await signedIn(db, u);
  await signedIn(db, "rob", { displayname: "Robert Smith", avatarUrl: "mxc://ward.test/rob" });
  await insertUser(db, "never");

  const first = await staff.list({ limit: 4 });
  t.strictSame(first.chunk, [{ user_id: id("ann") }, { user_id: id("bea") }, { user_id: id("cat") }, { user_id: id("dot") }]);
  t.equal(first.total, 6);
  t.type(first.next_batch, "string");
  const second = await staff.list({ limit: 4, from: first.next_batch });
  t.strictSame(second.chunk, [{ user_id: id("eve") }, { user_id: id("rob"), display_name: "Robert Smith", avatar_url: "mxc://ward.test/rob" }]);
  t.equal(second.next_batch, undefined, "the last page");
  t.equal(second.total, 6);

  const exact = await staff.list({ limit: 6 });
  t.equal(exact.chunk.length, 6);
  t.equal(exact.next_batch, undefined, "no empty page after an exact fit");

  const search = await staff.list({ search: "smi rob" });
  t.strictSame([search.chunk.map((m) => m.user_id), search.total], [[id("rob")], 1]);
  t.strictSame(await staff.list({ search: "never" }), { chunk: [], total: 0 }, "never logged in: not found");
  t.match(await refusalOf(staff.list({ from: "garbage!" })), [400, "M_INVALID_PARAM"]);

  t.strictSame(await staff.search("", 2), { members: [{ user_id: id("ann") }, { user_id: id("bea") }], limited: true });
  t.strictSame(await staff.search(`@rob:${SERVER}`, 2), { members: [{ user_id: id("rob"), display_name: "Robert Smith", avatar_url: "mxc://ward.test/rob" }], limited: false });
});

await forEachDatabase(t, "assertMessageable: who may be messaged or invited, and the error for who may not", async (t, db) => {
  const staff = createStaffDirectory({ db, config: testConfig({ serverName: SERVER }) });
  const alice = await signedIn(db, "alice");
  const pager = await signedIn(db, "pagerbot", { isBot: true, isStaff: true });
  const helper = await signedIn(db, "helperbot", { isBot: true });
  const never = await insertUser(db, "never");
  const gone = await signedIn(db, "gone");
  await usersTable.deactivate(db, gone);

  await staff.assertMessageable(db, [alice, pager, "@partner:other.example"]);
  t.pass("staff, a bot marked as staff and a user of another server pass");
  await t.resolves(assertMessageable(db, SERVER, []));

  const SUFFIX = ", so they are not in the staff directory: only people in it can be messaged or invited";
  t.strictSame(await refusalOf(staff.assertMessageable(db, [alice, never])), [403, "M_FORBIDDEN", `${never} has not signed in to Ward yet${SUFFIX}`]);
  t.strictSame(await refusalOf(staff.assertMessageable(db, [helper])), [403, "M_FORBIDDEN", `${helper} is not a staff account (a bot not marked as staff)${SUFFIX}`]);
  t.strictSame(await refusalOf(staff.assertMessageable(db, [gone])), [403, "M_FORBIDDEN", `${gone} has been deactivated${SUFFIX}`]);
  t.strictSame(await refusalOf(staff.assertMessageable(db, [id("nobody")])), [403, "M_FORBIDDEN", `${id("nobody")} is not a user of this server${SUFFIX}`]);

  t.equal(await staff.isListed(alice), true);
  t.equal(await staff.isListed(never), false);
  t.equal(await staff.isListed("@partner:other.example"), false, "the directory lists this server's staff only");

  await serverSettingsTable.put(db, { name: MESSENGER_ENABLED_SETTING, value: T0 + 1, updatedTs: T0, updatedBy: null });
  t.strictSame(await refusalOf(staff.assertMessageable(db, [alice])), [403, "M_FORBIDDEN", `${alice} has not signed in to Ward since Messenger was turned on${SUFFIX}`]);
  await usersTable.recordLogin(db, alice, T0 + 1);
  await t.resolves(staff.assertMessageable(db, [alice]), "signed in again since");
});
