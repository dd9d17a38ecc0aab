import { defineCheck } from "./types.js";

export const rbacMissingForTarget = defineCheck({
  meta: {
    id: "rbac-missing-for-target",
    severity: "error",
    data: ["A"],
    title: "No role grants the identity access to its target",
    condition: "for a known target (a Key Vault named in a SecretProviderClass, `--target`), no assignment at or above its scope grants the needed data action",
    symptom: "403 from the resource",
    description: "",
    messages: {},
    needs: ["kube","azure.identities","azure.roleAssignments"],
  },
});
