/** Every migration, in order. A new one: add NNN_name.ts and list it here. */
import { migration001 } from "./001_initial.js";
import { migration002 } from "./002_push_actions.js";
import { migration003 } from "./003_uia_sessions.js";
import { migration004 } from "./004_push_rules.js";
import { migration005 } from "./005_room_aliases.js";
import type { Migration } from "./migration.js";

export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005];
