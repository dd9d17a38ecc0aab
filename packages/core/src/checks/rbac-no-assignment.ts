import { defineCheck } from "./types.js";

export const rbacNoAssignment = defineCheck({
  meta: {
    id: "rbac-no-assignment",
    severity: "warning",
    data: ["A"],
    title: "The identity has no role assignment",
    condition: "the identity's principal has no role assignment at all",
    symptom: "token works, every resource answers 403",
    description: "",
    messages: {},
    needs: ["kube","azure.identities","azure.roleAssignments"],
  },
});
