import { defineCheck } from "./types.js";

export const proxyAnnotationFalse = defineCheck({
  meta: {
    id: "proxy-annotation-false",
    severity: "warning",
    data: ["M","K"],
    title: "inject-proxy-sidecar: \"false\" still injects the proxy",
    condition: "`inject-proxy-sidecar: \"false\"`: the webhook checks presence only, so the privileged proxy is injected anyway",
    symptom: "unexpected privileged init container",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
