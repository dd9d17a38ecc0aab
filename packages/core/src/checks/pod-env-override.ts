import { defineCheck } from "./types.js";

export const podEnvOverride = defineCheck({
  meta: {
    id: "pod-env-override",
    severity: "warning",
    data: ["M","K"],
    title: "A container hard-codes the identity environment variables",
    condition: "a container sets `AZURE_CLIENT_ID`/`AZURE_TENANT_ID`/`AZURE_FEDERATED_TOKEN_FILE` itself, different from what the webhook would inject",
    symptom: "hard-coded identity wins",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
