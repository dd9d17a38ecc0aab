import { parse } from "yaml";

export interface KubeContext {
  name: string;
  cluster: string | undefined;
  namespace: string | undefined;
  server: string | undefined;
}

export interface KubeContexts {
  current: string | undefined;
  contexts: KubeContext[];
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The contexts a kubeconfig names, read as text: nothing in it is run (exec plugins run only when a cluster is read). */
export function kubeContexts(text: string): KubeContexts {
  const doc = record(parse(text, { logLevel: "silent" }));
  const clusters = new Map<string, string | undefined>();
  for (const c of Array.isArray(doc["clusters"]) ? doc["clusters"] : []) {
    const name = str(record(c)["name"]);
    if (name) clusters.set(name, str(record(record(c)["cluster"])["server"]));
  }
  const contexts: KubeContext[] = [];
  for (const c of Array.isArray(doc["contexts"]) ? doc["contexts"] : []) {
    const name = str(record(c)["name"]);
    if (!name) continue;
    const ctx = record(record(c)["context"]);
    const cluster = str(ctx["cluster"]);
    contexts.push({ name, cluster, namespace: str(ctx["namespace"]), server: cluster ? clusters.get(cluster) : undefined });
  }
  return { current: str(doc["current-context"]), contexts };
}
