import { defineCheck } from "./types.js";

export const saClientIdNotGuid = defineCheck({
  meta: {
    id: "sa-client-id-not-guid",
    severity: "error",
    data: ["M","K"],
    title: "The client-id annotation is not a GUID",
    condition: "`client-id` is not a GUID (placeholder text, a name)",
    symptom: "AADSTS700016",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
