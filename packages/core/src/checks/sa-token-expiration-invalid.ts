import { defineCheck } from "./types.js";

export const saTokenExpirationInvalid = defineCheck({
  meta: {
    id: "sa-token-expiration-invalid",
    severity: "error",
    data: ["M","K"],
    title: "The token expiration annotation is out of range",
    condition: "expiration annotation (SA or pod) not an integer in 3600–86400",
    symptom: "admission rejected: `token expiration N not valid`",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
