import { defineCheck } from "./types.js";

export const webhookMissing = defineCheck({
  meta: {
    id: "webhook-missing",
    severity: "error",
    data: ["K"],
    title: "The workload identity webhook is not installed",
    condition: "no MutatingWebhookConfiguration for `mutation.azure-workload-identity.io`",
    symptom: "env and token never injected",
    description: "",
    messages: {},
    needs: ["cluster"],
  },
});
