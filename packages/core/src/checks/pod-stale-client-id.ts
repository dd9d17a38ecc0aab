import { defineCheck } from "./types.js";

export const podStaleClientId = defineCheck({
  meta: {
    id: "pod-stale-client-id",
    severity: "error",
    data: ["K"],
    title: "A running pod uses an old client or tenant id",
    condition: "a running pod's injected `AZURE_CLIENT_ID`/`AZURE_TENANT_ID` differ from its SA's current annotations",
    symptom: "old identity used until restart",
    description: "",
    messages: {},
    needs: ["cluster"],
  },
});
