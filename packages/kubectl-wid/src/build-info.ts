// Replaced at bundle time (build.mjs); the fallbacks show an unbundled run.
declare const WID_VERSION: string | undefined;
declare const WID_COMMIT: string | undefined;
declare const WID_DOCS_URL: string | undefined;

export const VERSION: string = typeof WID_VERSION === "string" ? WID_VERSION : "0.0.0-dev";

/** The git commit the bundle was built from, or "unknown" outside a git checkout. */
export const COMMIT: string = typeof WID_COMMIT === "string" && WID_COMMIT !== "" ? WID_COMMIT : "unknown";

/** Absolute URL of the published docs/checks folder, when the repository declares one. */
export const DOCS_URL: string | undefined = typeof WID_DOCS_URL === "string" && WID_DOCS_URL !== "" ? WID_DOCS_URL : undefined;
