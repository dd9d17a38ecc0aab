export { loadManifests, readText, type LoadManifestOptions } from "./load.js";
export { parseManifestText, newSink, READ_KINDS, type ManifestSink, type ParseOptions } from "./parse.js";
