import { defineCheck } from "./types.js";

export const podSidecarNotMutated = defineCheck({
  meta: {
    id: "pod-sidecar-not-mutated",
    severity: "warning",
    data: ["K"],
    title: "An injected sidecar lacks the identity env and token",
    condition: "containers injected by later webhooks (Istio, Dapr, ...) lack the env/volume",
    symptom: "sidecar auth fails",
    description: `Service meshes and other tools (Istio's \`istio-proxy\`, Linkerd, Dapr's \`daprd\`, Vault Agent) add
containers to pods through their own admission webhooks. The workload identity webhook injects the
\`AZURE_*\` variables and the token mount into the containers it sees; it is registered with
\`reinvocationPolicy: IfNeeded\`, so the API server calls it again when a later webhook changed the pod, but
containers added after that (or by tools that create pods in other ways) stay unmutated. A sidecar that
itself talks to Azure (Dapr components, Vault's Azure auth) then fails to authenticate while the
application container works.

Fix: when the sidecar needs Azure access, configure its own credentials through the tool (for Dapr, the
component's \`azureClientId\` with workload identity) or make it part of the pod template; when it does not,
list it in \`azure.workload.identity/skip-containers\` to make the intent explicit.`,
    messages: {},
    needs: ["cluster"],
    fixable: false,
  },
});
