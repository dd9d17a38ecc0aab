import { defineCheck } from "./types.js";

export const podDefaultTokenUsed = defineCheck({
  meta: {
    id: "pod-default-token-used",
    severity: "error",
    data: ["M","K"],
    title: "The Azure SDK is pointed at the default service account token",
    condition: "config points the Azure SDK at `/var/run/secrets/kubernetes.io/serviceaccount/token`",
    symptom: "AADSTS70023 lifetime",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
