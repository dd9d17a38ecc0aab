import { defineCheck } from "./types.js";

export const podLabelInSelector = defineCheck({
  meta: {
    id: "pod-label-in-selector",
    severity: "warning",
    data: ["M","K"],
    title: "The use label was added to an immutable selector",
    condition: "the label was added to `spec.selector.matchLabels` of an existing workload",
    symptom: "`field is immutable` on upgrade",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
