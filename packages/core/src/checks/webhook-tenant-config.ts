import { defineCheck } from "./types.js";

export const webhookTenantConfig = defineCheck({
  meta: {
    id: "webhook-tenant-config",
    severity: "warning",
    data: ["K","A"],
    title: "The webhook's default tenant is empty or wrong",
    condition: "webhook default tenant (ConfigMap) empty or differs from the identities' tenant",
    symptom: "wrong `AZURE_TENANT_ID` injected; AADSTS700016",
    description: "",
    messages: {},
    needs: ["webhook-config","azure.identities"],
  },
});
