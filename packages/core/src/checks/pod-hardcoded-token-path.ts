import { defineCheck } from "./types.js";

export const podHardcodedTokenPath = defineCheck({
  meta: {
    id: "pod-hardcoded-token-path",
    severity: "error",
    data: ["M","K"],
    title: "A container hard-codes a token path of another webhook version",
    condition: "a container hard-codes a token path that does not match the webhook version in use (`/var/run/secrets/azure/tokens/...` vs `/var/run/secrets/azure/wi/token/...`)",
    symptom: "\"no such file or directory\"",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
