import { defineCheck } from "./types.js";

export const saLabelOnly = defineCheck({
  meta: {
    id: "sa-label-only",
    severity: "error",
    data: ["M","K"],
    title: "The use label is on the ServiceAccount, not the pods",
    condition: "`azure.workload.identity/use` on the SA but not on the pods that use it (pre-1.0 pattern)",
    symptom: "no injection",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
