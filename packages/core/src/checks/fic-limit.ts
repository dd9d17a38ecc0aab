import { defineCheck } from "./types.js";

export const ficLimit = defineCheck({
  meta: {
    id: "fic-limit",
    severity: "warning",
    data: ["A"],
    title: "The identity is at or near the 20 federated credential limit",
    condition: "identity has 18+ FICs (E at 20: no more can be added)",
    symptom: "create fails",
    description: "",
    messages: {},
    needs: ["azure.identities","azure.federatedCredentials"],
  },
});
