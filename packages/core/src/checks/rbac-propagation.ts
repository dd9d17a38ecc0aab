import { defineCheck } from "./types.js";

export const rbacPropagation = defineCheck({
  meta: {
    id: "rbac-propagation",
    severity: "info",
    data: ["A"],
    title: "The granting role assignment was created minutes ago",
    condition: "the granting assignment was created minutes ago",
    symptom: "transient 403",
    description: "",
    messages: {},
    needs: ["kube","azure.identities","azure.roleAssignments"],
  },
});
