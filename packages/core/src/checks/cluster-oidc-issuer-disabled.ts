import { defineCheck } from "./types.js";

export const clusterOidcIssuerDisabled = defineCheck({
  meta: {
    id: "cluster-oidc-issuer-disabled",
    severity: "error",
    data: ["A"],
    title: "AKS OIDC issuer is disabled",
    condition: "AKS `oidcIssuerProfile.enabled` false / no `issuerURL`",
    symptom: "tokens carry `iss: https://kubernetes.default.svc.cluster.local`; AADSTS70021",
    description: "",
    messages: {},
    needs: ["azure.clusters"],
  },
});
