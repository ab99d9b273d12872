/**
 * Checks on state content that the auth rules do not make, applied to every
 * state event a local user sends (PUT /state and createRoom's initial_state).
 */
import type { JsonObject } from "@ward/protocol";
import { MatrixError } from "../../http/matrix-error.js";

/**
 * m.room.canonical_alias must name aliases that exist and point at the room
 * (spec: 400 M_BAD_ALIAS). Ward has no alias directory yet, so no alias can
 * qualify; an event that names none (clearing the alias) is fine.
 */
export function checkStateContent(type: string, content: JsonObject): void {
  if (type !== "m.room.canonical_alias") return;
  const alt = content.alt_aliases;
  const namesAliases = content.alias !== undefined || (Array.isArray(alt) && alt.length > 0);
  if (namesAliases) throw new MatrixError(400, "M_BAD_ALIAS", "Room aliases are not supported yet: m.room.canonical_alias may not name one");
}
