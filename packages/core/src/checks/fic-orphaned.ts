import { defineCheck } from "./types.js";

export const ficOrphaned = defineCheck({
  meta: {
    id: "fic-orphaned",
    severity: "info",
    data: ["A","K"],
    title: "A federated credential names a ServiceAccount that does not exist",
    condition: "a FIC names a namespace/SA that does not exist in the cluster whose issuer it trusts",
    symptom: "stale trust, clutter toward the limit",
    description: "",
    messages: {},
    needs: ["cluster","azure.clusters","azure.federatedCredentials"],
  },
});
