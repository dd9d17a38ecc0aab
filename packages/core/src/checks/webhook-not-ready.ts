import { defineCheck } from "./types.js";

export const webhookNotReady = defineCheck({
  meta: {
    id: "webhook-not-ready",
    severity: "error",
    data: ["K"],
    title: "The workload identity webhook has no ready endpoints",
    condition: "webhook Deployment has no available replicas / Service has no ready endpoints",
    symptom: "ReplicaSet `FailedCreate: failed calling webhook ... no endpoints available` (failurePolicy Fail blocks every labelled pod)",
    description: "",
    messages: {},
    needs: ["cluster"],
  },
});
