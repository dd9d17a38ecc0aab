import { defineCheck } from "./types.js";

export const clusterWorkloadIdentityDisabled = defineCheck({
  meta: {
    id: "cluster-workload-identity-disabled",
    severity: "error",
    data: ["A","K"],
    title: "Workload identity is not enabled on the cluster",
    condition: "AKS `securityProfile.workloadIdentity.enabled` false and no self-managed webhook",
    symptom: "pods never mutated; SDK falls back to IMDS",
    description: "",
    messages: {},
    needs: ["azure.clusters"],
  },
});
