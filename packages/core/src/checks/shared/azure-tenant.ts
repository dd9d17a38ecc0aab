import type { KubeObject } from "../../model/kube.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import { sameGuid } from "../../util/guid.js";
import { asRecord, getIn } from "../../util/raw.js";
import { WI } from "../../wi.js";
import { annotatedServiceAccounts, annotationsOf, type IdentityBinding } from "./azure-bindings.js";

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

/** ServiceAccounts with a client-id but no tenant-id annotation: the webhook injects its default tenant into their pods. */
export function relyingOnDefaultTenant(index: SnapshotIndex): IdentityBinding[] {
  return annotatedServiceAccounts(index).filter((b) => annotationsOf(b.sa)[WI.tenantIdAnnotation] === undefined);
}

/**
 * Whether the default tenant is wrong as such, not only for some ServiceAccounts: it is the
 * tenant of none of the exported identities that rely on it. Then webhook-tenant-config reports
 * the ConfigMap; otherwise the ServiceAccounts whose identity lives elsewhere need their own
 * tenant-id, and sa-tenant-mismatch reports each of them.
 */
export function defaultTenantWrongForAll(index: SnapshotIndex, tenant: string): boolean {
  if (isTenantDomain(tenant)) return false;
  const identities = relyingOnDefaultTenant(index).flatMap((b) => (b.identity ? [b.identity] : []));
  return identities.length > 0 && !identities.some((i) => sameGuid(i.tenantId, tenant.trim()));
}

/**
 * A tenant written as one of its domain names (`contoso.onmicrosoft.com`): Entra ID accepts it in
 * place of the tenant id, and which tenant it names cannot be told offline.
 */
export function isTenantDomain(tenant: string): boolean {
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenant.trim()) && !/^[0-9.]+$/.test(tenant.trim());
}
