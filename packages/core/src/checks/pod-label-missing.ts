import { defineCheck } from "./types.js";

export const podLabelMissing = defineCheck({
  meta: {
    id: "pod-label-missing",
    severity: "error",
    data: ["M","K"],
    title: "The pod template lacks the azure.workload.identity/use label",
    condition: "workload uses an SA with a `client-id` annotation, but its pod template lacks `azure.workload.identity/use: \"true\"`",
    symptom: "\"ManagedIdentityCredential ... requested identity has not been assigned\"",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
