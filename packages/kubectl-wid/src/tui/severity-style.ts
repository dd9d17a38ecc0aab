import type { Severity } from "@wid/core";
import type { Style } from "../output/style.js";

/** The printed report's colours: red errors, yellow warnings, cyan info. */
export const SEVERITY_STYLE: Record<Severity, Parameters<Style>[0]> = { error: ["red", "bold"], warning: "yellow", info: "cyan" };
