import { defineCheck } from "./types.js";

export const csiClientIdMismatch = defineCheck({
  meta: {
    id: "csi-client-id-mismatch",
    severity: "error",
    data: ["M","K","A"],
    title: "The SecretProviderClass names another identity or vault",
    condition: "a SecretProviderClass (`secrets-store.csi.x-k8s.io`) used by the pod has `clientID` different from its SA's `client-id`, or a `tenantId`/`keyvaultName` that does not resolve",
    symptom: "mount fails",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
