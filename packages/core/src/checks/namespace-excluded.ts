import { defineCheck } from "./types.js";

export const namespaceExcluded = defineCheck({
  meta: {
    id: "namespace-excluded",
    severity: "error",
    data: ["K"],
    title: "The namespace is outside the webhook's reach",
    condition: "the pod's namespace is outside the webhook's `namespaceSelector`, or is `kube-system`/AKS-internal (admissions enforcer)",
    symptom: "labelled pods silently not mutated",
    description: "",
    messages: {},
    needs: ["cluster"],
  },
});
