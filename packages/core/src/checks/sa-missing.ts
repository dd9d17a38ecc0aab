import { defineCheck } from "./types.js";

export const saMissing = defineCheck({
  meta: {
    id: "sa-missing",
    severity: "error",
    data: ["M","K"],
    title: "The workload's ServiceAccount does not exist",
    condition: "a workload's `serviceAccountName` (default `default`) does not exist in its namespace",
    symptom: "pod rejected, or wrong identity subject",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
