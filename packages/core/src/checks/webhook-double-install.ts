import { defineCheck } from "./types.js";

export const webhookDoubleInstall = defineCheck({
  meta: {
    id: "webhook-double-install",
    severity: "warning",
    data: ["K"],
    title: "The webhook is installed twice (AKS add-on and Helm)",
    condition: "webhook installed both as AKS add-on (`kube-system`) and by Helm",
    symptom: "Helm install fails; two controllers",
    description: "",
    messages: {},
    needs: ["cluster"],
  },
});
