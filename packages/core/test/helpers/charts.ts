// Manifests as `helm template` renders the charts of projects that use workload identity, read from
// the charts' templates: external-dns 1.21.1 (kubernetes-sigs/external-dns, charts/external-dns) with
// the values of its Azure tutorial, and the Secret holding its azure.json as `kubectl create secret
// generic --from-file=azure.json --dry-run=client -o yaml` prints it.

export interface ExternalDnsOpts {
  namespace: string;
  clientId: string;
  /** The azure.json the Secret holds. */
  azureJson: Record<string, unknown>;
  /** Extra `env` of the container, as the chart's `env` value renders it. */
  env?: string[];
}

const EXTERNAL_DNS_LABELS = (indent: string) =>
  [
    "helm.sh/chart: external-dns-1.21.1",
    "app.kubernetes.io/name: external-dns",
    "app.kubernetes.io/instance: external-dns",
    'app.kubernetes.io/version: "0.21.0"',
    "app.kubernetes.io/managed-by: Helm",
  ].map((l) => indent + l);

export function externalDnsSecret(o: ExternalDnsOpts): string {
  const json = JSON.stringify(o.azureJson, null, 2) + "\n";
  return [
    "apiVersion: v1",
    "data:",
    `  azure.json: ${Buffer.from(json).toString("base64")}`,
    "kind: Secret",
    "metadata:",
    "  creationTimestamp: null",
    "  name: external-dns-azure",
    `  namespace: ${o.namespace}`,
    "",
  ].join("\n");
}

export function externalDnsChart(o: ExternalDnsOpts): string {
  return [
    "---",
    "# Source: external-dns/templates/serviceaccount.yaml",
    "apiVersion: v1",
    "kind: ServiceAccount",
    "metadata:",
    "  name: external-dns",
    `  namespace: ${o.namespace}`,
    "  labels:",
    ...EXTERNAL_DNS_LABELS("    "),
    '    azure.workload.identity/use: "true"',
    "  annotations:",
    `    azure.workload.identity/client-id: ${o.clientId}`,
    "automountServiceAccountToken: true",
    "---",
    "# Source: external-dns/templates/deployment.yaml",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: external-dns",
    `  namespace: ${o.namespace}`,
    "  labels:",
    ...EXTERNAL_DNS_LABELS("    "),
    "spec:",
    "  replicas: 1",
    "  selector:",
    "    matchLabels:",
    "      app.kubernetes.io/name: external-dns",
    "      app.kubernetes.io/instance: external-dns",
    "  strategy:",
    "    type: Recreate",
    "  template:",
    "    metadata:",
    "      labels:",
    "        app.kubernetes.io/name: external-dns",
    "        app.kubernetes.io/instance: external-dns",
    '        azure.workload.identity/use: "true"',
    "    spec:",
    "      automountServiceAccountToken: true",
    "      serviceAccountName: external-dns",
    "      securityContext:",
    "        fsGroup: 65534",
    "        runAsNonRoot: true",
    "        seccompProfile:",
    "          type: RuntimeDefault",
    "      containers:",
    "        - name: external-dns",
    "          securityContext:",
    "            allowPrivilegeEscalation: false",
    "            capabilities:",
    "              drop:",
    "              - ALL",
    "            privileged: false",
    "            readOnlyRootFilesystem: true",
    "            runAsGroup: 65532",
    "            runAsNonRoot: true",
    "            runAsUser: 65532",
    "          image: registry.k8s.io/external-dns/external-dns:v0.21.0",
    "          imagePullPolicy: IfNotPresent",
    ...(o.env?.length ? ["          env:", ...o.env] : []),
    "          args:",
    "            - --log-level=info",
    "            - --log-format=text",
    "            - --interval=1m",
    "            - --source=service",
    "            - --source=ingress",
    "            - --policy=sync",
    "            - --registry=txt",
    "            - --provider=azure",
    "          ports:",
    "            - name: http",
    "              protocol: TCP",
    "              containerPort: 7979",
    "          livenessProbe:",
    "            failureThreshold: 2",
    "            httpGet:",
    "              path: /healthz",
    "              port: http",
    "            initialDelaySeconds: 10",
    "            periodSeconds: 10",
    "            successThreshold: 1",
    "            timeoutSeconds: 5",
    "          readinessProbe:",
    "            failureThreshold: 6",
    "            httpGet:",
    "              path: /healthz",
    "              port: http",
    "            initialDelaySeconds: 5",
    "            periodSeconds: 10",
    "            successThreshold: 1",
    "            timeoutSeconds: 5",
    "          volumeMounts:",
    "            - mountPath: /etc/kubernetes",
    "              name: azure-config-file",
    "              readOnly: true",
    "      volumes:",
    "        - name: azure-config-file",
    "          secret:",
    "            secretName: external-dns-azure",
    "",
  ].join("\n");
}
