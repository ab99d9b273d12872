/** Every migration, in order. A new one: add NNN_name.ts and list it here. */
import { migration001 } from "./001_initial.js";
import { migration002 } from "./002_push_actions.js";
import { migration003 } from "./003_uia_sessions.js";
import { migration004 } from "./004_push_rules.js";
import { migration005 } from "./005_room_aliases.js";
import { migration006 } from "./006_receipts.js";
import { migration007 } from "./007_presence.js";
import { migration008 } from "./008_sign_in_security.js";
import { migration009 } from "./009_encryption_at_rest.js";
import { migration010 } from "./010_audit_log.js";
import { migration011 } from "./011_media.js";
import { migration012 } from "./012_staff_directory.js";
import type { Migration } from "./migration.js";

export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012];
