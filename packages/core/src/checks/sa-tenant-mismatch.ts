import { azureRef, kubeRef } from "../engine/refs.js";
import type { Fix } from "../model/fix.js";
import { setField } from "../fixes/builders/index.js";
import { sameGuid } from "../util/guid.js";
import { WI } from "../wi.js";
import { ANNOTATIONS_PATH, annotatedServiceAccounts, annotationsOf, TENANT_ID_PATH } from "./shared/azure-bindings.js";
import { defaultTenantWrongForAll, isTenantDomain, webhookDefaultTenant } from "./shared/azure-tenant.js";
import { DEPLOYMENT, example, WORLD, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const saTenantMismatch = defineCheck({
  meta: {
    id: "sa-tenant-mismatch",
    severity: "error",
    data: ["M", "A"],
    title: "The tenant-id differs from the identity's tenant",
    condition: "`tenant-id` annotation (or webhook default) differs from the identity's tenant; or is present but empty",
    symptom: "AADSTS700016 / env not injected",
    description: `The webhook injects \`AZURE_TENANT_ID\` from the ServiceAccount's \`azure.workload.identity/tenant-id\`
annotation when the annotation exists, and from its ConfigMap \`azure-wi-webhook-config\` (key
\`AZURE_TENANT_ID\`, the cluster's tenant) otherwise. The SDK requests the token from that tenant, so it must
be the tenant of the managed identity; another tenant answers AADSTS700016 ("Application ... was not
found in the directory").

An annotation that is present but **empty** is worse than none: the webhook takes it as the value (it
checks that the key exists, not that it has a value) and, since it only injects non-empty values, leaves
\`AZURE_TENANT_ID\` out, so the SDK's workload identity credential is not configured at all.

With manifests alone the check reports the empty annotation; with the identities exported it compares
the effective tenant (annotation, else the webhook default when its ConfigMap was loaded) with the
identity's \`tenantId\`. A webhook default that is the tenant of none of the identities relying on it is
reported once, on the ConfigMap, by webhook-tenant-config. Entra ID also accepts a tenant's domain name
(\`contoso.onmicrosoft.com\`) in place of its id; which tenant a domain names cannot be told offline, so
such a value is not compared.

Fix: set the annotation to the identity's tenant (\`az identity show ... --query tenantId -o tsv\`), or
remove it to use the webhook's default; then restart the pods.`,
    messages: {
      empty: "ServiceAccount {sa} has an empty azure.workload.identity/tenant-id annotation: the webhook then injects no AZURE_TENANT_ID",
      annotation: "ServiceAccount {sa} has tenant-id {actual}, but its identity {identity} lives in tenant {expected}",
      default:
        "ServiceAccount {sa} has no tenant-id annotation, so it gets the webhook's default tenant {actual}, but its identity {identity} lives in tenant {expected}",
    },
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client-id: ${WORLD.clientId}
    azure.workload.identity/tenant-id: ${WORLD.otherTenantId}   # copied from another environment
`,
          DEPLOYMENT,
        ),
        {},
      ),
      good: example(
        yamlDocuments(
          `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client-id: ${WORLD.clientId}
    azure.workload.identity/tenant-id: ${WORLD.tenantId}
`,
          DEPLOYMENT,
        ),
        {},
      ),
    },
  },
  detect(ctx) {
    const identitiesLoaded = ctx.snapshot.coverage.available.has("azure.identities");
    const fallback = ctx.snapshot.coverage.available.has("webhook-config") ? webhookDefaultTenant(ctx.index) : undefined;
    const seen = new Set(annotatedServiceAccounts(ctx.index).map((b) => b.sa));
    const withEmptyTenantOnly = ctx.index.byKind("ServiceAccount").filter((sa) => !seen.has(sa) && annotationsOf(sa)[WI.tenantIdAnnotation] !== undefined);
    const candidates = [...annotatedServiceAccounts(ctx.index), ...withEmptyTenantOnly.map((sa) => ({ sa, namespace: sa.namespace ?? "default", name: sa.name, identity: undefined, workloads: ctx.index.workloadsOf(sa.namespace ?? "default", sa.name) }))];
    for (const b of candidates) {
      const tenant = annotationsOf(b.sa)[WI.tenantIdAnnotation];
      const identity = identitiesLoaded ? b.identity : undefined;
      const sa = `${b.namespace}/${b.name}`;
      const common = {
        ...(b.workloads[0] ? { workload: b.workloads[0] } : {}),
        related: [...(identity ? [azureRef("ManagedIdentity", identity)] : []), ...b.workloads.slice(1).map((w) => kubeRef(w.object))],
      };
      if (tenant !== undefined && tenant.trim() === "") {
        const fixes: Fix[] = identity
          ? [setField(b.sa, TENANT_ID_PATH, identity.tenantId, `Set the tenant-id annotation to identity ${identity.name}'s tenant`)]
          : [setField(b.sa, TENANT_ID_PATH, undefined, "Remove the empty tenant-id annotation (the webhook default applies)")];
        ctx.report({
          object: b.sa,
          path: TENANT_ID_PATH,
          messageId: "empty",
          data: { sa },
          evidence: { expected: identity?.tenantId ?? "a tenant GUID, or no annotation", actual: tenant },
          fixes,
          ...common,
        });
        continue;
      }
      if (!identity) continue;
      if (tenant !== undefined) {
        if (sameGuid(tenant.trim(), identity.tenantId) || isTenantDomain(tenant)) continue;
        ctx.report({
          object: b.sa,
          path: TENANT_ID_PATH,
          messageId: "annotation",
          data: { sa, actual: tenant, identity: identity.name, expected: identity.tenantId },
          evidence: { expected: identity.tenantId, actual: tenant, source: "annotation" },
          fixes: [setField(b.sa, TENANT_ID_PATH, identity.tenantId, `Set the tenant-id annotation to identity ${identity.name}'s tenant`)],
          ...common,
        });
      } else if (fallback && !sameGuid(fallback.value!.trim(), identity.tenantId) && !isTenantDomain(fallback.value!) && !defaultTenantWrongForAll(ctx.index, fallback.value!)) {
        // a default wrong for every ServiceAccount is the ConfigMap's problem: webhook-tenant-config reports it once
        ctx.report({
          object: b.sa,
          path: ANNOTATIONS_PATH,
          messageId: "default",
          data: { sa, actual: fallback.value!, identity: identity.name, expected: identity.tenantId },
          evidence: { expected: identity.tenantId, actual: fallback.value, source: `${fallback.configMap.namespace}/${fallback.configMap.name}` },
          fixes: [setField(b.sa, TENANT_ID_PATH, identity.tenantId, `Annotate ServiceAccount ${b.name} with identity ${identity.name}'s tenant`)],
          ...common,
          related: [...common.related, kubeRef(fallback.configMap)],
        });
      }
    }
  },
});
