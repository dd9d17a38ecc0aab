import { defineCheck } from "./types.js";

export const saAnnotationOnWrongObject = defineCheck({
  meta: {
    id: "sa-annotation-on-wrong-object",
    severity: "error",
    data: ["M","K"],
    title: "Workload identity annotations are on the wrong object",
    condition: "the workload-identity annotations sit on a Service, Deployment or Pod instead of the SA",
    symptom: "as sa-client-id-missing",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
