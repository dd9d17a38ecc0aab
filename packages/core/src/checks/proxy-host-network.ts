import { defineCheck } from "./types.js";

export const proxyHostNetwork = defineCheck({
  meta: {
    id: "proxy-host-network",
    severity: "error",
    data: ["M","K"],
    title: "The proxy sidecar is requested on a hostNetwork pod",
    condition: "`inject-proxy-sidecar` annotation with `hostNetwork: true`",
    symptom: "admission rejected",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
