import { defineCheck } from "./types.js";

export const podLabelOnControllerOnly = defineCheck({
  meta: {
    id: "pod-label-on-controller-only",
    severity: "error",
    data: ["M","K"],
    title: "The use label is on the controller, not its pod template",
    condition: "label on the Deployment/Job/CronJob metadata, not on the pod template",
    symptom: "no injection",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
