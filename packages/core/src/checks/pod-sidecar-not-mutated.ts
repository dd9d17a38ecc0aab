import { defineCheck } from "./types.js";

export const podSidecarNotMutated = defineCheck({
  meta: {
    id: "pod-sidecar-not-mutated",
    severity: "warning",
    data: ["K"],
    title: "An injected sidecar lacks the identity env and token",
    condition: "containers injected by later webhooks (Istio, Dapr, ...) lack the env/volume",
    symptom: "sidecar auth fails",
    description: "",
    messages: {},
    needs: ["cluster"],
  },
});
