import { defineCheck } from "./types.js";

export const saClientIdIsPrincipalId = defineCheck({
  meta: {
    id: "sa-client-id-is-principal-id",
    severity: "error",
    data: ["A"],
    title: "The client-id annotation holds the identity's principal id",
    condition: "`client-id` equals an identity's principal (object) id instead of its client id",
    symptom: "AADSTS700016 \"Application with identifier ... was not found\"",
    description: "",
    messages: {},
    needs: ["kube","azure.identities"],
  },
});
