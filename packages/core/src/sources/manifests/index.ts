export { loadManifests, MANIFEST_INPUT, STDIN_NAME, unreadable, type LoadManifestOptions } from "./load.js";
export { parseManifestText, newSink, READ_KINDS, MAX_ALIAS_COUNT, type ManifestSink, type ParseOptions } from "./parse.js";
export { MAX_DEPTH } from "./depth.js";
export type { LoadProgress, OnLoadProgress } from "../progress.js";
export { readText, readStreamText, decodeText, fileError, expandPath } from "../files.js";
export { AZURE_INPUT } from "../azure-export/load.js";
