import { defineCheck } from "./types.js";

export const ficIssuerMismatch = defineCheck({
  meta: {
    id: "fic-issuer-mismatch",
    severity: "error",
    data: ["A"],
    title: "The federated credential's issuer is not the cluster's",
    condition: "a FIC has the right subject but an issuer other than the cluster's (show both; call out a trailing-slash-only difference)",
    symptom: "AADSTS700211",
    description: "",
    messages: {},
    needs: ["kube","azure.clusters","azure.identities","azure.federatedCredentials"],
  },
});
