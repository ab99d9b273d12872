/** Shared by the room API tests: path building and a homeserver with two users. */
import type { Database } from "../../../src/store/database.js";
import type { Tap } from "../../helpers/databases.js";
import { startTestHomeserver, type TestHomeserver, type TestUser } from "../../helpers/homeserver.js";
import { validateError, validateResponse } from "../../helpers/openapi.js";

export const V3 = "/_matrix/client/v3";

/** `/_matrix/client/v3/rooms/<encoded room ID><rest>` */
export const roomPath = (roomId: string, rest = "") => `${V3}/rooms/${encodeURIComponent(roomId)}${rest}`;

export type RoomsHttp = { hs: TestHomeserver; alice: TestUser; bob: TestUser };

/** The response schemas the room API tests check, compiled up front (see roomsHttp). */
const CHECKED: ReadonlyArray<[string, string, number]> = [
  ["POST", "/createRoom", 200],
  ["POST", "/join/{roomIdOrAlias}", 200],
  ["GET", "/joined_rooms", 200],
  ["PUT", "/rooms/{roomId}/send/{eventType}/{txnId}", 200],
  ["PUT", "/rooms/{roomId}/redact/{eventId}/{txnId}", 200],
  ["PUT", "/rooms/{roomId}/state/{eventType}/{stateKey}", 200],
  ["GET", "/rooms/{roomId}/state", 200],
  ["GET", "/rooms/{roomId}/members", 200],
  ["GET", "/rooms/{roomId}/joined_members", 200],
  ["GET", "/rooms/{roomId}/event/{eventId}", 200],
];

/**
 * Compiling the spec's schemas takes seconds on a loaded machine. Done in the
 * middle of a test, that pause can outlast the server's keep-alive timeout
 * (5 s), and the client's next request then races the socket's close
 * (ECONNRESET). So compile them before the server starts.
 */
function compileSchemas(): void {
  for (const [method, path, status] of CHECKED) validateResponse(method, path, status, {});
  validateError({});
}

export async function roomsHttp(t: Tap, db: Database): Promise<RoomsHttp> {
  compileSchemas();
  const hs = await startTestHomeserver(t, db);
  return { hs, alice: await hs.registerUser("alice"), bob: await hs.registerUser("bob") };
}

/** Creates a room over HTTP and returns its ID. */
export async function createRoom(hs: TestHomeserver, user: TestUser, body: object = {}): Promise<string> {
  const res = await hs.request("POST", `${V3}/createRoom`, { token: user.accessToken, body });
  if (res.status !== 200) throw new Error(`createRoom: ${res.status} ${JSON.stringify(res.json)}`);
  return (res.json as { room_id: string }).room_id;
}
