import { defineCheck } from "./types.js";

export const rbacAssignedToWrongPrincipal = defineCheck({
  meta: {
    id: "rbac-assigned-to-wrong-principal",
    severity: "warning",
    data: ["A"],
    title: "A role was assigned to the wrong principal",
    condition: "an assignment was made to the client id or to another identity of the same name instead of the principal id",
    symptom: "403",
    description: "",
    messages: {},
    needs: ["azure.identities","azure.roleAssignments"],
  },
});
