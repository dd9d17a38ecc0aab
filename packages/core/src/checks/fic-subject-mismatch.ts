import { defineCheck } from "./types.js";

export const ficSubjectMismatch = defineCheck({
  meta: {
    id: "fic-subject-mismatch",
    severity: "error",
    data: ["A"],
    title: "The federated credential's subject is a near miss",
    condition: "a FIC's subject is a near miss of the expected one (case, whitespace, `serviceaccounts` prefix, namespace/name typo)",
    symptom: "AADSTS700213 / 7002138",
    description: "",
    messages: {},
    needs: ["kube","azure.identities","azure.federatedCredentials"],
  },
});
