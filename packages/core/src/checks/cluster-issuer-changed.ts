import { defineCheck } from "./types.js";

export const clusterIssuerChanged = defineCheck({
  meta: {
    id: "cluster-issuer-changed",
    severity: "error",
    data: ["A","K"],
    title: "Federated credentials trust the cluster's old issuer",
    condition: "FICs for this cluster's service accounts use an issuer that is not the cluster's current one (cluster rebuilt or moved)",
    symptom: "every workload: AADSTS70021/700211",
    description: "",
    messages: {},
    needs: ["kube","azure.clusters","azure.identities","azure.federatedCredentials"],
  },
});
