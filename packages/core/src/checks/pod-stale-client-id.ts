import { defineCheck } from "./types.js";

export const podStaleClientId = defineCheck({
  meta: {
    id: "pod-stale-client-id",
    severity: "error",
    data: ["K"],
    title: "A running pod uses an old client or tenant id",
    condition: "a running pod's injected `AZURE_CLIENT_ID`/`AZURE_TENANT_ID` differ from its SA's current annotations",
    symptom: "old identity used until restart",
    description: `The \`AZURE_CLIENT_ID\` and \`AZURE_TENANT_ID\` of a pod are copied from its ServiceAccount's annotations when
the pod is created, and never updated. After the ServiceAccount is pointed at another identity (or
tenant), running pods keep using the old one until they are recreated, which shows up as 403s on
resources only the new identity may use, or as \`AADSTS70021\`/\`AADSTS700213\` once the old identity's
federated credential is removed.

Fix: restart the workloads that run as the ServiceAccount:
\`kubectl rollout restart deployment/NAME -n NS\`.`,
    messages: {},
    needs: ["cluster"],
    fixable: false,
  },
});
