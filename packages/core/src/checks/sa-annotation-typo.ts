import { defineCheck } from "./types.js";

export const saAnnotationTypo = defineCheck({
  meta: {
    id: "sa-annotation-typo",
    severity: "error",
    data: ["M","K"],
    title: "A workload identity annotation key is misspelled",
    condition: "an annotation key near `azure.workload.identity/*` but misspelled (`client_id`, `clientId`, wrong prefix)",
    symptom: "as sa-client-id-missing",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
