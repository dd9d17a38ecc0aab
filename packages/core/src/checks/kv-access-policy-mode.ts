import { defineCheck } from "./types.js";

export const kvAccessPolicyMode = defineCheck({
  meta: {
    id: "kv-access-policy-mode",
    severity: "error",
    data: ["A"],
    title: "The Key Vault's permission model does not match the grants",
    condition: "the target vault has `enableRbacAuthorization: false` and the identity has only RBAC roles on it (or RBAC mode with only access policies)",
    symptom: "403 despite \"Key Vault Secrets User\"",
    description: "",
    messages: {},
    needs: ["kube","azure.identities","azure.keyVaults","azure.roleAssignments"],
  },
});
