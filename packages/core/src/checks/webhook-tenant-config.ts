import { azureRef, kubeRef } from "../engine/refs.js";
import { addTo } from "../util/multimap.js";
import type { Fix } from "../model/fix.js";
import { rolloutRestartStep, setField } from "../fixes/builders/index.js";
import { sameGuid } from "../util/guid.js";
import { getIn, stringMap } from "../util/raw.js";
import { WI } from "../wi.js";
import { annotatedServiceAccounts } from "./shared/azure-bindings.js";
import { defaultTenantWrongForAll, isTenantDomain, relyingOnDefaultTenant, TENANT_DATA_PATH, webhookTenants } from "./shared/azure-tenant.js";
import { DEPLOYMENT, example, SERVICE_ACCOUNT, WORLD, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

/** AKS add-on objects carry this label; the add-on manager puts back any change made to them. */
const ADDON_LABEL = "addonmanager.kubernetes.io/mode";

/** The webhook's ConfigMap as the Helm chart installs it, with `tenant` as written. */
function webhookConfig(tenant: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: azure-wi-webhook-config
  namespace: azure-workload-identity-system
data:
  AZURE_ENVIRONMENT: AzurePublicCloud
  AZURE_TENANT_ID: ${tenant}
`;
}

export const webhookTenantConfig = defineCheck({
  meta: {
    id: "webhook-tenant-config",
    severity: "warning",
    data: ["K", "A"],
    title: "The webhook's default tenant is empty or wrong",
    condition: "webhook default tenant (ConfigMap) empty or differs from the identities' tenant",
    symptom: "wrong `AZURE_TENANT_ID` injected; AADSTS700016",
    description: `The webhook reads its default tenant from the ConfigMap \`azure-wi-webhook-config\` (key
\`AZURE_TENANT_ID\`) when it starts, and injects it as \`AZURE_TENANT_ID\` into every pod whose ServiceAccount
has no \`azure.workload.identity/tenant-id\` annotation. The Helm chart fills it from
\`azureTenantID\`; left empty, those pods get no tenant at all, and set to another tenant (a copy from
another environment), their token requests go to the wrong directory and fail with AADSTS700016.

The check compares the default with the tenants of the identities used by ServiceAccounts that rely on
it (those without their own tenant-id annotation), and reports it when it is the tenant of none of them;
when none relies on it, when it is the tenant of no exported identity. A default that is right for most
ServiceAccounts but not for one whose identity lives in another tenant is that ServiceAccount's problem:
sa-tenant-mismatch reports it, with the annotation to add.

Fix: set \`data.AZURE_TENANT_ID\` to the tenant (\`az account show --query tenantId -o tsv\`) and restart
the webhook (\`kubectl rollout restart deployment azure-wi-webhook-controller-manager -n <namespace>\`),
or annotate each ServiceAccount with its identity's tenant. The AKS add-on's ConfigMap is managed by
AKS and reverts edits: there, annotate the ServiceAccounts.`,
    messages: {
      empty: "the webhook's default tenant (ConfigMap {configMap}, AZURE_TENANT_ID) is empty: ServiceAccounts without a tenant-id annotation get no AZURE_TENANT_ID",
      differs: "the webhook's default tenant {actual} (ConfigMap {configMap}) differs from tenant {expected} of identities used by {sas}",
      foreign: "the webhook's default tenant {actual} (ConfigMap {configMap}) is the tenant of none of the {count} exported identities",
    },
    needs: ["webhook-config", "azure.identities"],
    fixable: true,
    examples: {
      bad: example(yamlDocuments(SERVICE_ACCOUNT, DEPLOYMENT, webhookConfig('""   # azureTenantID was not set when the chart was installed')), {}),
      good: example(yamlDocuments(SERVICE_ACCOUNT, DEPLOYMENT, webhookConfig(WORLD.tenantId)), {}),
    },
  },
  detect(ctx) {
    const annotated = annotatedServiceAccounts(ctx.index);
    const relying = relyingOnDefaultTenant(ctx.index);
    const relyingTenants = new Map<string, string[]>();
    for (const b of relying) {
      if (!b.identity) continue;
      const key = b.identity.tenantId.toLowerCase();
      addTo(relyingTenants, key, `${b.namespace}/${b.name}`);
    }
    const identities = ctx.snapshot.azure.identities;

    for (const { configMap, value } of webhookTenants(ctx.index)) {
      const cm = `${configMap.namespace}/${configMap.name}`;
      const managed = stringMap(getIn(configMap.raw, ["metadata", "labels"]))[ADDON_LABEL] !== undefined;
      const fixFor = (tenant: string): Fix[] => {
        if (managed) return [];
        const fix = setField(configMap, [...TENANT_DATA_PATH], tenant, `Set the webhook's default tenant to ${tenant}`);
        // the webhook reads its ConfigMap at start: restart it for the new default to apply
        const restart = rolloutRestartStep({ kind: "Deployment", name: WI.webhookDeployment, apiVersion: "apps/v1", ...(configMap.namespace ? { namespace: configMap.namespace } : {}) });
        for (const plan of fix.plans) if (plan.target === "cluster") plan.steps.push(restart);
        return [fix];
      };
      const tenantsInUse = [...relyingTenants.keys()];
      const only = tenantsInUse.length === 1 ? relying.find((b) => b.identity)!.identity!.tenantId : undefined;

      if (value === undefined || value.trim() === "") {
        if (annotated.length > 0 && relying.length === 0) continue;
        ctx.report({
          object: configMap,
          path: value === undefined ? ["data"] : [...TENANT_DATA_PATH],
          messageId: "empty",
          data: { configMap: cm },
          evidence: { expected: only ?? "the tenant of the workloads' identities", actual: value ?? "key absent", relyingServiceAccounts: relying.map((b) => `${b.namespace}/${b.name}`), managedByAks: managed },
          fixes: only ? fixFor(only) : [],
        });
        continue;
      }
      // a default right for some identities only is sa-tenant-mismatch's, per ServiceAccount that needs its own
      if (defaultTenantWrongForAll(ctx.index, value)) {
        const wrong = [...relyingTenants.entries()];
        const sas = wrong.flatMap(([, s]) => s);
        const expected = relying.find((b) => b.identity && sameGuid(b.identity.tenantId, wrong[0]![0]))!.identity!.tenantId;
        ctx.report({
          object: configMap,
          path: [...TENANT_DATA_PATH],
          messageId: "differs",
          data: { actual: value, configMap: cm, expected, sas: sas.join(", ") },
          evidence: { expected, actual: value, serviceAccounts: sas, managedByAks: managed },
          fixes: only ? fixFor(only) : [],
          related: relying.filter((b) => sas.includes(`${b.namespace}/${b.name}`)).flatMap((b) => [kubeRef(b.sa), ...(b.identity ? [azureRef("ManagedIdentity", b.identity)] : [])]),
        });
        continue;
      }
      if (relyingTenants.size === 0 && identities.length > 0 && !isTenantDomain(value) && !identities.some((i) => sameGuid(i.tenantId, value.trim()))) {
        ctx.report({
          object: configMap,
          path: [...TENANT_DATA_PATH],
          messageId: "foreign",
          data: { actual: value, configMap: cm, count: identities.length },
          evidence: { expected: [...new Set(identities.map((i) => i.tenantId))], actual: value, managedByAks: managed },
        });
      }
    }
  },
});
