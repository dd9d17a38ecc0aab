import { defineCheck } from "./types.js";

export const ficMissing = defineCheck({
  meta: {
    id: "fic-missing",
    severity: "error",
    data: ["A"],
    title: "No federated credential for the ServiceAccount",
    condition: "the identity has no FIC whose subject is `system:serviceaccount:<ns>:<sa>`",
    symptom: "AADSTS70021 / 700213",
    description: "",
    messages: {},
    needs: ["kube","azure.identities","azure.federatedCredentials"],
  },
});
