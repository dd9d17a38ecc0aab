import { defineCheck } from "./types.js";

export const clusterIssuerUnreachable = defineCheck({
  meta: {
    id: "cluster-issuer-unreachable",
    severity: "error",
    data: ["R"],
    title: "The cluster's OIDC issuer cannot be reached or verified",
    condition: "issuer's `/.well-known/openid-configuration` or its `jwks_uri` not served, or keys do not verify a minted token",
    symptom: "AADSTS90061",
    description: "",
    messages: {},
    needs: ["runtime"],
  },
});
