import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";

// The SARIF 2.1.0 JSON schema as Microsoft's SARIF SDK ships it (draft-04, as OASIS published it);
// some of its patterns are not valid in unicode mode, hence unicodeRegExp off.
const require = createRequire(import.meta.url);
const schemaFile = join(dirname(require.resolve("@microsoft/jest-sarif/package.json")), "lib", "schemas", "sarif-2.1.0-rtm.5.json");
// CommonJS modules: their classes hang on `.default` under Node's ESM interop
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")) as object);

/** What the official schema finds wrong with a SARIF document: `path message` per error. */
export function sarifSchemaErrors(doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}
