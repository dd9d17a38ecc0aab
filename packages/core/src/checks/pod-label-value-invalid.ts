import { defineCheck } from "./types.js";

export const podLabelValueInvalid = defineCheck({
  meta: {
    id: "pod-label-value-invalid",
    severity: "error",
    data: ["M","K"],
    title: "The use label's value is not exactly \"true\"",
    condition: "the label exists but its value is not exactly the string `true`",
    symptom: "objectSelector does not match",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
