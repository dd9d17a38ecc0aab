import { defineCheck } from "./types.js";

export const saClientIdUnknown = defineCheck({
  meta: {
    id: "sa-client-id-unknown",
    severity: "error",
    data: ["A"],
    title: "The client-id matches no managed identity",
    condition: "`client-id` matches no identity visible in the scanned subscriptions (name it, suggest by identity name)",
    symptom: "AADSTS700016",
    description: "",
    messages: {},
    needs: ["kube","azure.identities"],
  },
});
