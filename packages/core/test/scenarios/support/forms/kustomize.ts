import { swap, type Form } from "../scenario.js";
import { AzureWorld, identity, scopes } from "../world.js";
import { webhookConfig } from "./platform.js";

const id = identity("id-storefront-web");
const STDIN = "-";
const SA = "storefront/storefront-web";

/** `kustomize build overlays/prod`: one stream, kinds in kustomize's order, hashed ConfigMap names. */
const build = (): string => `apiVersion: v1
kind: Namespace
metadata:
  labels:
    app.kubernetes.io/part-of: storefront
  name: storefront
---
apiVersion: v1
kind: ServiceAccount
metadata:
  annotations:
    azure.workload.identity/client-id: ${id.clientId}
  labels:
    app.kubernetes.io/part-of: storefront
  name: storefront-web
  namespace: storefront
---
apiVersion: v1
data:
  CART_QUEUE: carts
  REDIS_HOST: redis.storefront.svc.cluster.local
kind: ConfigMap
metadata:
  labels:
    app.kubernetes.io/part-of: storefront
  name: storefront-web-config-d2m7k8t95h
  namespace: storefront
---
apiVersion: v1
kind: Service
metadata:
  labels:
    app.kubernetes.io/part-of: storefront
  name: redis
  namespace: storefront
spec:
  ports:
  - port: 6379
  selector:
    app: redis
    app.kubernetes.io/part-of: storefront
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/part-of: storefront
  name: redis
  namespace: storefront
spec:
  selector:
    matchLabels:
      app: redis
      app.kubernetes.io/part-of: storefront
  template:
    metadata:
      labels:
        app: redis
        app.kubernetes.io/part-of: storefront
    spec:
      containers:
      - image: contoso.azurecr.io/mirror/redis:7.4-alpine
        name: redis
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/part-of: storefront
  name: storefront-web
  namespace: storefront
spec:
  replicas: 3
  selector:
    matchLabels:
      app: storefront-web
      app.kubernetes.io/part-of: storefront
  template:
    metadata:
      labels:
        app: storefront-web
        app.kubernetes.io/part-of: storefront
        azure.workload.identity/use: "true"
    spec:
      containers:
      - envFrom:
        - configMapRef:
            name: storefront-web-config-d2m7k8t95h
        image: contoso.azurecr.io/retail/storefront-web:6.0.3
        name: web
        ports:
        - containerPort: 8080
      serviceAccountName: storefront-web
`;

const TEMPLATE_LABEL = `        app.kubernetes.io/part-of: storefront\n        azure.workload.identity/use: "true"\n`;

export const kustomizeForm: Form = {
  title: "kustomize build output read from standard input",
  manifests: () => ({ [STDIN]: build(), "platform/azure-wi-webhook-config.yaml": webhookConfig() }),
  azure() {
    const w = new AzureWorld();
    w.identities.push(id);
    w.fic(id, { subject: "system:serviceaccount:storefront:storefront-web" });
    w.grant(id, "Azure Service Bus Data Receiver", scopes.serviceBus("sb-retail-prod"));
    return w;
  },
  scenarios: [
    {
      about: ["pod-label-on-controller-only"],
      mistake: "a patch added the use label to the Deployment's metadata, not to its pod template",
      manifests: (f) => {
        swap(f, STDIN, TEMPLATE_LABEL, "        app.kubernetes.io/part-of: storefront\n");
        swap(f, STDIN, "    app.kubernetes.io/part-of: storefront\n  name: storefront-web\n  namespace: storefront\nspec:", `    app.kubernetes.io/part-of: storefront\n    azure.workload.identity/use: "true"\n  name: storefront-web\n  namespace: storefront\nspec:`);
      },
      // pod-label-missing stays quiet: pod-label-on-controller-only says where the label went
      expected: (at) => [at.m("pod-label-on-controller-only", "Deployment", SA, STDIN, "azure.workload.identity/use", "kind: Deployment", "kind: Deployment")],
    },
    {
      about: ["pod-label-in-selector"],
      mistake: "the use label was also added to the Deployment's selector",
      manifests: (f) =>
        swap(f, STDIN, "      app: storefront-web\n      app.kubernetes.io/part-of: storefront\n", `      app: storefront-web\n      app.kubernetes.io/part-of: storefront\n      azure.workload.identity/use: "true"\n`),
      expected: (at) => [at.m("pod-label-in-selector", "Deployment", SA, STDIN, "azure.workload.identity/use", "matchLabels:", "matchLabels:")],
    },
    {
      about: ["proxy-annotation-false"],
      mistake: 'inject-proxy-sidecar: "false", which still injects the proxy',
      manifests: (f) => swap(f, STDIN, TEMPLATE_LABEL, `${TEMPLATE_LABEL}      annotations:\n        azure.workload.identity/inject-proxy-sidecar: "false"\n`),
      expected: (at) => [at.m("proxy-annotation-false", "Deployment", SA, STDIN, "azure.workload.identity/inject-proxy-sidecar")],
    },
  ],
};
