import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Checks that cannot run on manifests and Azure exports: the catalog gives them neither M nor A
 * data (they need a live cluster or runtime evidence), plus fic-orphaned, which needs to know every
 * ServiceAccount the cluster has, not just those in the files.
 */
export const LIVE_ONLY: readonly string[] = [
  "cluster-issuer-unreachable",
  "webhook-missing",
  "webhook-not-ready",
  "webhook-double-install",
  "webhook-admission-errors",
  "pod-not-mutated",
  "pod-stale-client-id",
  "pod-sidecar-not-mutated",
  "fic-orphaned",
  "runtime-aadsts-error",
];

export interface CatalogRow {
  id: string;
  severity: "E" | "W" | "I";
  data: string[];
}

/** The rows of the vendored check catalog (packages/core/catalog/CHECKS.md). */
export function catalogRows(): CatalogRow[] {
  const text = readFileSync(join(import.meta.dirname, "..", "..", "..", "catalog", "CHECKS.md"), "utf8");
  return [...text.matchAll(/^\| ([a-z]+(?:-[a-z0-9]+)+) \| ([EWI]) \| ([MKAR,]+) \|/gm)].map((m) => ({
    id: m[1]!,
    severity: m[2] as CatalogRow["severity"],
    data: m[3]!.split(","),
  }));
}
