import { defineCheck } from "./types.js";

export const podSkipContainersInvalid = defineCheck({
  meta: {
    id: "pod-skip-containers-invalid",
    severity: "warning",
    data: ["M","K"],
    title: "The skip-containers annotation is malformed",
    condition: "`skip-containers` uses `,` or names no container of the pod",
    symptom: "container silently mutated / not skipped",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
