import type { KubeObject } from "../../model/kube.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import { asRecord, getIn } from "../../util/raw.js";
import { WI } from "../../wi.js";

export const TENANT_KEY = "AZURE_TENANT_ID";
export const TENANT_DATA_PATH = ["data", TENANT_KEY] as const;

export interface WebhookTenant {
  configMap: KubeObject;
  /** `data.AZURE_TENANT_ID` as written; undefined when the key is absent. */
  value: string | undefined;
}

/** The webhook's ConfigMaps (`azure-wi-webhook-config`) and the default tenant each sets. */
export function webhookTenants(index: SnapshotIndex): WebhookTenant[] {
  return index
    .byKind("ConfigMap")
    .filter((c) => c.name === WI.webhookConfigMap)
    .map((configMap) => {
      const v = asRecord(getIn(configMap.raw, ["data"]))[TENANT_KEY];
      return { configMap, value: v === undefined || v === null ? undefined : String(v) };
    });
}

/**
 * The default tenant the webhook injects for ServiceAccounts without a tenant-id annotation, when
 * the loaded ConfigMaps agree on one non-empty value.
 */
export function webhookDefaultTenant(index: SnapshotIndex): WebhookTenant | undefined {
  const set = webhookTenants(index).filter((t) => t.value !== undefined && t.value.trim() !== "");
  const distinct = new Set(set.map((t) => t.value!.trim().toLowerCase()));
  return distinct.size === 1 ? set[0] : undefined;
}
