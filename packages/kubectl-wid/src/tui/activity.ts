import type { LoadProgress } from "@wid/core/sources/manifests";
import type { LiveProgress } from "@wid/core/sources/live";
import type { AzureProgress } from "@wid/core/sources/live-azure";

/** What a run is doing, while it has no report yet. */
export type Activity =
  /** A step without counts (starting the simulated world). */
  | { kind: "step"; label: string }
  | { kind: "loading"; progress: LoadProgress }
  /** Reading a live cluster: requests and objects per resource. */
  | { kind: "cluster"; progress: LiveProgress }
  /** Reading live Azure: requests per kind of read and per subscription. */
  | { kind: "azure"; progress: AzureProgress }
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
    case "cluster": {
      const p = a.progress;
      const objects = p.resources.filter((r) => r.resource !== "pods/log").reduce((n, r) => n + r.objects, 0);
      const retries = p.retries ? `, ${p.retries.toLocaleString("en-US")} ${p.retries === 1 ? "retry" : "retries"}` : "";
      // what is still being read first: the resource that holds the run up is the one to see
      const order = [...p.resources].sort((x, y) => Number(x.state !== "reading") - Number(y.state !== "reading"));
      const per = order.map((r) => `${r.resource} ${r.requests}${r.objects ? ` (${r.objects.toLocaleString("en-US")})` : ""}`).join(" · ");
      return { label: `Reading cluster ${p.context}`, counts: `${count(p.requests, "request")}, ${count(objects, "object")}${retries}`, file: per };
    }
    case "azure": {
      const p = a.progress;
      const subscriptions = Object.keys(p.bySubscription).length;
      const per = Object.entries(p.byKind).map(([kind, n]) => `${kind} ${n}`).join(" · ");
      return { label: "Reading Azure", counts: `${count(p.requests, "request")}${subscriptions ? `, ${count(subscriptions, "subscription")}` : ""}, ${p.done}/${p.total} reads`, file: per };
    }
    case "checking": {
      const what = [a.objects ? count(a.objects, "object") : undefined, a.resources ? count(a.resources, "Azure resource") : undefined].filter((s) => s !== undefined);
      return { label: "Checking", counts: what.join(" and ") };
    }
  }
}
