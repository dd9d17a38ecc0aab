import { defineCheck } from "./types.js";

export const ficPropagation = defineCheck({
  meta: {
    id: "fic-propagation",
    severity: "info",
    data: ["A"],
    title: "The federated credential was created minutes ago",
    condition: "the matching FIC was created minutes ago",
    symptom: "transient AADSTS70021",
    description: "",
    messages: {},
    needs: ["kube","azure.identities","azure.federatedCredentials"],
  },
});
