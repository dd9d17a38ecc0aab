import { defineCheck } from "./types.js";

export const proxyPortInvalid = defineCheck({
  meta: {
    id: "proxy-port-invalid",
    severity: "error",
    data: ["M","K"],
    title: "The proxy sidecar port is invalid or clashes",
    condition: "`proxy-sidecar-port` not a valid port, or clashes with a container port",
    symptom: "admission rejected / port clash",
    description: "",
    messages: {},
    needs: ["kube"],
  },
});
