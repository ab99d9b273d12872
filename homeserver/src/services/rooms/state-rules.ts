/**
 * Checks on state content that the auth rules do not make, applied to every
 * state event a local user sends (PUT /state and createRoom's initial_state).
 */
import type { JsonObject } from "@ward/protocol";
import { MatrixError } from "../../http/matrix-error.js";

/** Whether an alias exists and points at the room the event is for. */
export type AliasCheck = (alias: string) => Promise<boolean>;

/**
 * m.room.canonical_alias must name aliases that exist and point at the room
 * (spec: 400 M_BAD_ALIAS); an event that names none (clearing the alias) is fine.
 */
export async function checkStateContent(type: string, content: JsonObject, aliasOk: AliasCheck): Promise<void> {
  if (type !== "m.room.canonical_alias") return;
  const alt = content.alt_aliases;
  const named = [...(content.alias !== undefined ? [content.alias] : []), ...(Array.isArray(alt) ? alt : [])];
  for (const alias of named) {
    if (typeof alias !== "string" || !(await aliasOk(alias))) {
      throw new MatrixError(400, "M_BAD_ALIAS", `${JSON.stringify(alias)} is not an alias of this room`);
    }
  }
}
