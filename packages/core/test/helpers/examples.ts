import { exampleFiles, snapshotFromTexts, type Snapshot } from "@wid/core";
import type { Fixture } from "./snapshot.js";
import type { Check, CheckExample, CheckExamples } from "@wid/core/checks";

export type Side = "bad" | "good";

/** A check and its examples, for checks that have them. */
export type WithExamples = Check & { meta: Check["meta"] & { examples: CheckExamples } };

export function hasExamples(c: Check): c is WithExamples {
  return c.meta.examples !== undefined;
}

/**
 * The snapshot the doctor reads from one side of a check's example, from its texts (the files
 * `pnpm run docs` writes hold the same bytes), named as under the example's folder: `bad/manifests.yaml`,
 * `bad/azure/aks.json`. An example of a check that needs a live cluster stands for the cluster's
 * whole state when `live` is set.
 */
export function exampleSnapshot(example: CheckExample, side: Side, opts: { now?: number; live?: boolean; files?: Map<string, string> } = {}): Snapshot {
  const files = opts.files ?? exampleFiles(example);
  const manifests = [...files].filter(([f]) => f.endsWith(".yaml")).map(([file, text]) => ({ file: `${side}/${file}`, text }));
  const azure = [...files].filter(([f]) => f.endsWith(".json")).map(([file, text]) => ({ file: `${side}/${file}`, text }));
  const snapshot = snapshotFromTexts({ manifests, ...(azure.length ? { azure } : {}), ...(opts.now !== undefined ? { now: opts.now } : {}) });
  if (opts.live) snapshot.coverage.available.add("cluster");
  return snapshot;
}

/** One side of an example as a test fixture: its files by the names the doctor reads them under. */
export function exampleFixture(example: CheckExample, side: Side, now: number): Fixture {
  const files = exampleFiles(example);
  const manifests = Object.fromEntries([...files].filter(([f]) => f.endsWith(".yaml")).map(([f, text]) => [`${side}/${f}`, text]));
  const azure = Object.fromEntries(Object.entries(example.azure ?? {}).map(([f, value]) => [`${side}/azure/${f}`, value]));
  return { manifests, ...(example.azure ? { azure } : {}), now };
}
