import { defineCheck } from "./types.js";

export const ficAudienceInvalid = defineCheck({
  meta: {
    id: "fic-audience-invalid",
    severity: "error",
    data: ["A"],
    title: "The federated credential lacks the token audience",
    condition: "a matching FIC's `audiences` lacks the webhook audience (`api://AzureADTokenExchange`)",
    symptom: "AADSTS70021",
    description: "",
    messages: {},
    needs: ["kube","azure.identities","azure.federatedCredentials"],
  },
});
