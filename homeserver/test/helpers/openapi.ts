/**
 * Validates Ward's HTTP responses against the Matrix spec's own OpenAPI 3.1
 * files, vendored in test/conformance/matrix-spec (see its README), so a
 * test can say "this body is what the spec says a client gets back":
 *
 *   const errors = validateResponse("GET", "/_matrix/client/v3/account/whoami", 200, body);
 *   t.same(errors, [], "whoami conforms");
 *
 * The path may be the spec's template (`/rooms/{roomId}/send/{eventType}/{txnId}`,
 * with or without the `/_matrix/client/v3` prefix) or a concrete request path;
 * `/r0/` paths are checked against their v3 definitions. Response schemas are
 * built by inlining every `$ref` (other files and JSON pointers) into one
 * self-contained JSON Schema, then compiled once with Ajv (draft 2020-12,
 * which OpenAPI 3.1 schemas are) and cached.
 */
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import YAML from "yaml";

/** The vendored spec (its `data/` folder lives below). */
export const SPEC_ROOT = fileURLToPath(new URL("../conformance/matrix-spec/", import.meta.url));
const CLIENT_SERVER = join(SPEC_ROOT, "data/api/client-server");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type Operation = {
  /** The YAML file (relative to SPEC_ROOT) that defines it. */
  readonly file: string;
  readonly method: string;
  /** Full path template, e.g. `/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}`. */
  readonly path: string;
  readonly operationId: string | undefined;
  readonly node: JsonObject;
};

// ---------------------------------------------------------------- loading

let documents: Map<string, Json> | undefined;

function loadYaml(file: string): Json {
  documents ??= loadSpecDocuments();
  let doc = documents.get(file);
  if (doc === undefined) {
    doc = parseYaml(readFileSync(file, "utf8"));
    documents.set(file, doc);
  }
  return doc;
}

function parseYaml(text: string): Json {
  return YAML.parse(text, { maxAliasCount: -1 }) as Json;
}

/**
 * Every YAML file of the vendored spec, parsed. Parsing them costs about a
 * second of CPU, and some 40 test files (one process each) validate
 * responses, so the first process to need them saves them as one JSON file
 * in the OS temp folder, keyed by a hash of the files' contents and the
 * parser's version; later processes read that instead. JSON holds all a
 * parsed spec file can hold (plain data: the core schema has no dates).
 */
function loadSpecDocuments(): Map<string, Json> {
  const files = (readdirSync(SPEC_ROOT, { recursive: true }) as string[]).filter((f) => f.endsWith(".yaml")).sort();
  const texts = files.map((f) => readFileSync(join(SPEC_ROOT, f), "utf8"));
  const hash = createHash("sha256").update(yamlVersion());
  files.forEach((f, i) => hash.update(`\0${f}\0${texts[i]!.length}\0`).update(texts[i]!));
  const cacheFile = join(tmpdir(), `ward-test-openapi-${hash.digest("hex").slice(0, 16)}.json`);
  let parsed: Record<string, Json> | undefined;
  try {
    parsed = JSON.parse(readFileSync(cacheFile, "utf8")) as Record<string, Json>;
  } catch {
    parsed = undefined;
  }
  if (!parsed) {
    parsed = {};
    files.forEach((f, i) => (parsed![f] = parseYaml(texts[i]!)));
    // Write then rename: a file running in parallel never reads half a cache.
    const partial = `${cacheFile}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(partial, JSON.stringify(parsed));
    renameSync(partial, cacheFile);
  }
  return new Map(Object.entries(parsed).map(([f, doc]) => [join(SPEC_ROOT, f), doc]));
}

function yamlVersion(): string {
  return (JSON.parse(readFileSync(new URL(import.meta.resolve("yaml/package.json")), "utf8")) as { version: string }).version;
}

let operations: Operation[] | undefined;

/** Every operation of every client-server YAML file. */
export function allOperations(): readonly Operation[] {
  if (operations) return operations;
  const out: Operation[] = [];
  for (const name of readdirSync(CLIENT_SERVER).sort()) {
    if (!name.endsWith(".yaml")) continue;
    const file = join(CLIENT_SERVER, name);
    const doc = loadYaml(file);
    if (!isObject(doc) || !isObject(doc.paths)) continue;
    const basePath = basePathOf(doc);
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!isObject(item)) continue;
      for (const [method, node] of Object.entries(item)) {
        if (!isObject(node) || !["get", "put", "post", "delete", "patch", "head", "options"].includes(method)) continue;
        const operationId = typeof node.operationId === "string" ? node.operationId : undefined;
        // trim: the spec writes `/rooms/{roomId}/invite ` (trailing space) to give one path two operations.
        out.push({ file: relative(SPEC_ROOT, file), method: method.toUpperCase(), path: basePath + path.trim(), operationId, node });
      }
    }
  }
  operations = out;
  return out;
}

function basePathOf(doc: JsonObject): string {
  const servers = doc.servers;
  if (Array.isArray(servers) && isObject(servers[0]) && isObject(servers[0].variables)) {
    const base = servers[0].variables.basePath;
    if (isObject(base) && typeof base.default === "string") return base.default;
  }
  return "";
}

// ---------------------------------------------------------------- finding operations

/**
 * The spec operation for a method and path. `path` may be a template
 * (parameter names need not match the spec's) or a concrete request path
 * with a query string; `/_matrix/client/r0/` is read as `/_matrix/client/v3/`.
 * A template without a `/_matrix/` prefix is looked up under `/_matrix/client/v3`.
 */
export function findOperation(method: string, path: string): Operation | undefined {
  const wanted = normalisePath(path);
  const ops = allOperations().filter((op) => op.method === method.toUpperCase());
  if (wanted.includes("{")) {
    const key = templateKey(wanted);
    return ops.find((op) => templateKey(op.path) === key);
  }
  // A concrete path: segment by segment, literals must match, a parameter takes one
  // (possibly empty: `/state/m.room.name/`) segment; the most literal match wins.
  const segments = wanted.split("/");
  let best: { op: Operation; literals: number } | undefined;
  for (const op of ops) {
    const template = op.path.split("/");
    if (template.length !== segments.length) continue;
    let literals = 0;
    let ok = true;
    for (let i = 0; i < template.length && ok; i++) {
      const part = template[i]!;
      if (/^\{[^}]+\}$/.test(part)) continue;
      if (part === safeDecode(segments[i]!)) literals++;
      else ok = false;
    }
    // Ties (one path, two operations: invite by user ID / by 3PID) go to the first file, alphabetically.
    if (ok && (!best || literals > best.literals)) best = { op, literals };
  }
  return best?.op;
}

function normalisePath(path: string): string {
  let p = path.split("?")[0]!;
  if (!p.startsWith("/_matrix/") && !p.startsWith("/.well-known/")) p = `/_matrix/client/v3${p.startsWith("/") ? "" : "/"}${p}`;
  return p.replace(/^\/_matrix\/client\/r0\//, "/_matrix/client/v3/");
}

function templateKey(path: string): string {
  return path.replace(/\{[^}]+\}/g, "{}");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// ---------------------------------------------------------------- $ref inlining

/** Keys whose values are not schemas (documentation, examples, vendor extensions). */
function isDocumentationKey(key: string): boolean {
  return key === "example" || key === "examples" || key.startsWith("x-");
}

/** Maps of property name → schema: their keys are names, never keywords. */
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

class RefResolver {
  /** `file#pointer` being inlined, to stop on a cycle rather than recurse forever. */
  private readonly active: string[] = [];
  /** Refs that formed a cycle and were left unchecked (reported by schemaFor). */
  readonly cycles = new Set<string>();

  /** An inlined copy of `node`, found in `file`. */
  inline(node: Json, file: string, parentKey?: string): Json {
    if (Array.isArray(node)) return node.map((n) => this.inline(n, file));
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    const inNameMap = parentKey !== undefined && NAME_MAPS.has(parentKey);
    let resolved: Json | undefined;
    for (const [key, value] of Object.entries(node)) {
      if (inNameMap) {
        out[key] = this.inline(value, file);
        continue;
      }
      if (isDocumentationKey(key) || key === "$schema" || key === "$id") continue;
      if (key === "$ref" && typeof value === "string") {
        resolved = this.follow(value, file);
        continue;
      }
      out[key] = this.inline(value, file, key);
    }
    if (resolved === undefined) return out;
    // `$ref` with siblings (allowed in 2020-12): both must hold.
    const siblings = Object.keys(out).filter((k) => !["description", "title", "summary"].includes(k));
    return siblings.length === 0 ? resolved : { allOf: [resolved, out] };
  }

  /** Resolves `ref` (relative to `file`) and inlines what it points to. */
  follow(ref: string, file: string): Json {
    const [target, pointer = ""] = ref.split("#", 2) as [string, string?];
    const targetFile = target ? resolve(dirname(file), target) : file;
    const key = `${targetFile}#${pointer}`;
    if (this.active.includes(key)) {
      this.cycles.add(`${relative(SPEC_ROOT, targetFile)}#${pointer}`);
      return {};
    }
    this.active.push(key);
    try {
      return this.inline(jsonPointer(loadYaml(targetFile), pointer, key), targetFile);
    } finally {
      this.active.pop();
    }
  }
}

function jsonPointer(doc: Json, pointer: string, where: string): Json {
  if (pointer === "" || pointer === "/") return doc;
  let node: Json = doc;
  for (const raw of pointer.replace(/^\//, "").split("/")) {
    const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) node = node[Number(part)] as Json;
    else if (isObject(node)) node = node[part] as Json;
    else node = undefined as unknown as Json;
    if (node === undefined) throw new Error(`$ref ${where}: nothing at '${pointer}'`);
  }
  return node;
}

// ---------------------------------------------------------------- Ajv

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, logger: false });
addFormats(ajv);

// Matrix's own formats (spec appendices: identifier grammars). Kept loose where
// the grammar allows historical forms; room IDs of v12 rooms have no server part.
const SERVER_NAME = String.raw`(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?`;
const formats: Record<string, RegExp | ((value: string | number) => boolean)> = {
  "mx-user-id": new RegExp(String.raw`^@[\x21-\x39\x3B-\x7E]+:${SERVER_NAME}$`),
  "mx-room-id": /^![\x21-\x7E]+$/,
  "mx-event-id": /^\$[\x21-\x7E]+$/,
  "mx-room-alias": new RegExp(String.raw`^#[^:\s]+:${SERVER_NAME}$`),
  "mx-server-name": new RegExp(`^${SERVER_NAME}$`),
  "mx-mxc-uri": new RegExp(String.raw`^mxc://${SERVER_NAME}/[A-Za-z0-9_-]+$`),
  "mx-unpadded-base64": /^[A-Za-z0-9+/]*$/,
  "mx-urlsafe-unpadded-base64": /^[A-Za-z0-9_-]*$/,
};
for (const [name, check] of Object.entries(formats)) {
  ajv.addFormat(name, { type: "string", validate: typeof check === "function" ? (v: string) => check(v) : check });
}
ajv.addFormat("int64", { type: "number", validate: (v: number) => Number.isSafeInteger(v) });
ajv.addFormat("float", { type: "number", validate: (v: number) => Number.isFinite(v) });

const compiled = new Map<string, { validate: ValidateFunction; cycles: string[] }>();

function compile(cacheKey: string, build: () => { schema: Json; cycles: string[] }): { validate: ValidateFunction; cycles: string[] } {
  let entry = compiled.get(cacheKey);
  if (!entry) {
    const { schema, cycles } = build();
    entry = { validate: ajv.compile(schema as object), cycles };
    compiled.set(cacheKey, entry);
  }
  return entry;
}

function run(entry: { validate: ValidateFunction }, body: unknown): string[] {
  if (entry.validate(body)) return [];
  return (entry.validate.errors ?? []).map((e) => {
    const extra = e.keyword === "additionalProperties" ? ` '${String((e.params as { additionalProperty?: string }).additionalProperty)}'` : "";
    const allowed = e.keyword === "enum" ? ` ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}` : "";
    return `${e.instancePath || "(body)"} ${e.message ?? e.keyword}${extra}${allowed} [${e.schemaPath}]`;
  });
}

// ---------------------------------------------------------------- public API

/**
 * The JSON Schema the spec gives for a response, self-contained; `undefined`
 * when the status is documented without a JSON body. Throws if the operation
 * or the status is not in the spec: that is a test bug or a server answering
 * with a status the spec does not allow, and both should be loud.
 */
export function responseSchema(method: string, path: string, status: number): Json | undefined {
  return responseSchemaOf(requireOperation(method, path), status).schema;
}

function requireOperation(method: string, path: string): Operation {
  const op = findOperation(method, path);
  if (!op) throw new Error(`the spec has no operation ${method.toUpperCase()} ${path}`);
  return op;
}

function responseSchemaOf(op: Operation, status: number): { schema: Json | undefined; cycles: string[] } {
  const file = join(SPEC_ROOT, op.file);
  const responses = op.node.responses;
  if (!isObject(responses)) throw new Error(`${op.method} ${op.path} (${op.file}) documents no responses`);
  const key = [String(status), `${String(status)[0]}XX`, "default"].find((k) => k in responses);
  if (!key) {
    throw new Error(`${op.method} ${op.path} (${op.file}) does not document status ${status} (documented: ${Object.keys(responses).join(", ")})`);
  }
  const resolver = new RefResolver();
  let response: Json | undefined = responses[key];
  if (isObject(response) && typeof response.$ref === "string") response = resolver.follow(response.$ref, file);
  const content = isObject(response) ? response.content : undefined;
  const media = isObject(content) ? (content["application/json"] ?? undefined) : undefined;
  if (!isObject(media) || media.schema === undefined) return { schema: undefined, cycles: [] };
  const schema = resolver.inline(media.schema, file);
  return { schema, cycles: [...resolver.cycles] };
}

/**
 * Checks a response body against the spec. Returns the problems found, each
 * as "<JSON path> <message> [<schema path>]"; an empty array means it conforms.
 */
export function validateResponse(method: string, path: string, status: number, body: unknown): string[] {
  const op = requireOperation(method, path);
  const entry = compile(`${op.method} ${op.path} ${status}`, () => {
    const { schema, cycles } = responseSchemaOf(op, status);
    return { schema: schema ?? {}, cycles };
  });
  return run(entry, body);
}

/** Checks a value against a schema file of the vendored spec, e.g. `data/api/client-server/definitions/errors/error.yaml`. */
export function validateSchemaFile(specRelativeFile: string, body: unknown, pointer = ""): string[] {
  const file = join(SPEC_ROOT, specRelativeFile);
  const entry = compile(`file:${file}#${pointer}`, () => {
    const resolver = new RefResolver();
    const schema = resolver.follow(`${file}#${pointer}`, file);
    return { schema, cycles: [...resolver.cycles] };
  });
  return run(entry, body);
}

/** The spec's standard error body: `{ errcode, error }` (definitions/errors/error.yaml). */
export function validateError(body: unknown): string[] {
  return validateSchemaFile("data/api/client-server/definitions/errors/error.yaml", body);
}

/** Refs inside a compiled schema that formed a cycle and were accepted as `{}` (for diagnostics). */
export function cyclesIn(method: string, path: string, status: number): string[] {
  return responseSchemaOf(requireOperation(method, path), status).cycles;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
