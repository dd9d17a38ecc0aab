import { defineCheck } from "./types.js";

export const migratePodIdentity = defineCheck({
  meta: {
    id: "migrate-pod-identity",
    severity: "warning",
    data: ["M","K"],
    title: "Workloads still use deprecated aad-pod-identity",
    condition: "pods labelled `aadpodidbinding`, or AzureIdentity/AzureIdentityBinding objects present",
    symptom: "still on deprecated aad-pod-identity; fix proposes SA annotation + FIC",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
