import type { KubeObject } from "../../model/kube.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import { asArray, asRecord, asString, getIn, stringMap } from "../../util/raw.js";
import { WI } from "../../wi.js";
import { selectorMatches } from "./kube-selector.js";

/** One `mutation.azure-workload-identity.io` webhook of a MutatingWebhookConfiguration. */
export interface WiWebhook {
  config: KubeObject;
  /** Index of the webhook in the configuration's `webhooks`. */
  index: number;
  raw: Record<string, unknown>;
  /** The Service the API server calls, when it calls one (not a URL). */
  service: { namespace: string; name: string } | undefined;
  failurePolicy: string;
  reinvocationPolicy: string;
}

/** Every workload identity webhook among the MutatingWebhookConfigurations, whatever the configuration is named. */
export function wiWebhooks(index: SnapshotIndex): WiWebhook[] {
  const out: WiWebhook[] = [];
  for (const config of index.byKind("MutatingWebhookConfiguration")) {
    asArray(config.raw["webhooks"]).forEach((w, i) => {
      const raw = asRecord(w);
      if (raw["name"] !== WI.mutatingWebhookName) return;
      const svc = asRecord(getIn(raw, ["clientConfig", "service"]));
      const namespace = asString(svc["namespace"]);
      const name = asString(svc["name"]);
      out.push({
        config,
        index: i,
        raw,
        service: namespace && name ? { namespace, name } : undefined,
        // the API server's defaults for admissionregistration.k8s.io/v1
        failurePolicy: asString(raw["failurePolicy"]) ?? "Fail",
        reinvocationPolicy: asString(raw["reinvocationPolicy"]) ?? "Never",
      });
    });
  }
  return out;
}

/**
 * Whether the webhook sees pods of this namespace: its namespaceSelector matches the namespace's
 * labels (with the `kubernetes.io/metadata.name` label the API server sets on every namespace).
 * Undefined when the namespace's labels are not known.
 */
export function webhookSeesNamespace(webhook: WiWebhook, index: SnapshotIndex, namespace: string): boolean | undefined {
  const ns = index.byKind("Namespace").find((n) => n.name === namespace);
  if (!ns) return undefined;
  const labels = { "kubernetes.io/metadata.name": namespace, ...stringMap(getIn(ns.raw, ["metadata", "labels"])) };
  return selectorMatches(webhook.raw["namespaceSelector"], labels);
}

/** Whether the webhook's objectSelector selects a pod with these labels (the use label, normally). */
export function webhookSelectsPod(webhook: WiWebhook, labels: Record<string, string>): boolean {
  return selectorMatches(webhook.raw["objectSelector"], labels);
}
