import type { LoadProgress } from "@wid/core/sources/manifests";

/** What a run is doing, while it has no report yet. */
export type Activity =
  /** A step without counts (starting the simulated world). */
  | { kind: "step"; label: string }
  | { kind: "loading"; progress: LoadProgress }
  | { kind: "checking"; objects: number; resources: number };

/** An activity in words: a label, what has been counted, and the file at hand. */
export interface ActivityLine {
  label: string;
  counts: string;
  file?: string;
}

const count = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

export function describeActivity(a: Activity): ActivityLine {
  switch (a.kind) {
    case "step":
      return { label: a.label, counts: "" };
    case "loading": {
      const p = a.progress;
      const files = `${p.filesDone.toLocaleString("en-US")}/${count(p.files, "file")}`;
      return p.phase === "manifests"
        ? { label: "Reading manifests", counts: `${files}, ${count(p.objects, "object")}`, file: p.file }
        : { label: "Reading Azure exports", counts: `${files}, ${count(p.objects, "resource")}`, file: p.file };
    }
    case "checking": {
      const what = [a.objects ? count(a.objects, "object") : undefined, a.resources ? count(a.resources, "Azure resource") : undefined].filter((s) => s !== undefined);
      return { label: "Checking", counts: what.join(" and ") };
    }
  }
}
