// The workload identity webhook's MutatingWebhookConfiguration as `helm template` renders the
// chart azure-workload-identity/workload-identity-webhook (1.6.0; 0.15.0 for failurePolicy), and
// as AKS serves it once its admissions enforcer has rewritten the namespaceSelector.

export interface WebhookOpts {
  /** The chart release namespace. */
  namespace?: string;
  /** `mutatingWebhookAnnotations`, rendered with toYaml. */
  annotations?: Record<string, string>;
  /** `mutatingWebhookNamespaceSelector`, already as the YAML lines toYaml renders (indented 4). */
  namespaceSelector?: string[];
  failurePolicy?: string | null;
  apiVersion?: string;
}

function yamlMap(entries: Record<string, string>, indent: string): string[] {
  const list = Object.entries(entries);
  return list.length ? list.map(([k, v]) => `${indent}${k}: "${v}"`) : [`${indent}{}`];
}

export function webhookConfiguration(o: WebhookOpts = {}): string {
  return [
    "---",
    "# Source: workload-identity-webhook/templates/azure-wi-webhook-mutating-webhook-configuration-mutatingwebhookconfiguration.yaml",
    `apiVersion: ${o.apiVersion ?? "admissionregistration.k8s.io/v1"}`,
    "kind: MutatingWebhookConfiguration",
    "metadata:",
    "  annotations:",
    ...yamlMap(o.annotations ?? {}, "    "),
    "  labels:",
    "    app: 'workload-identity-webhook'",
    '    azure-workload-identity.io/system: "true"',
    "    chart: 'workload-identity-webhook'",
    "    release: 'workload-identity-webhook'",
    "  name: azure-wi-webhook-mutating-webhook-configuration",
    "webhooks:",
    "- admissionReviewVersions:",
    "  - v1",
    "  - v1beta1",
    "  clientConfig:",
    "    service:",
    "      name: azure-wi-webhook-webhook-service",
    `      namespace: '${o.namespace ?? "azure-workload-identity-system"}'`,
    "      path: /mutate-v1-pod",
    ...(o.failurePolicy === null ? [] : [`  failurePolicy: ${o.failurePolicy ?? "Fail"}`]),
    "  matchPolicy: Equivalent",
    "  name: mutation.azure-workload-identity.io",
    "  namespaceSelector:",
    ...(o.namespaceSelector ?? ["    {}"]),
    "  objectSelector:",
    "    matchLabels:",
    '      azure.workload.identity/use: "true"',
    "  reinvocationPolicy: IfNeeded",
    "  rules:",
    "  - apiGroups:",
    '    - ""',
    "    apiVersions:",
    "    - v1",
    "    operations:",
    "    - CREATE",
    "    resources:",
    "    - pods",
    "  sideEffects: None",
    "",
  ].join("\n");
}

/** The requirements the AKS admissions enforcer adds to a webhook's namespaceSelector, as a live configuration shows them. */
export const ENFORCED_SELECTOR = [
  "    matchExpressions:",
  "    - key: control-plane",
  "      operator: NotIn",
  "      values:",
  '      - "true"',
  "    - key: kubernetes.azure.com/managedby",
  "      operator: NotIn",
  "      values:",
  "      - aks",
];

export function namespace(name: string, labels: Record<string, string> = {}): string {
  const list = Object.entries(labels);
  return ["apiVersion: v1", "kind: Namespace", "metadata:", `  name: ${name}`, ...(list.length ? ["  labels:", ...list.map(([k, v]) => `    ${k}: "${v}"`)] : []), ""].join("\n");
}

/** A running pod as the API server returns it, mutated by the webhook or not. */
export function livePod(name: string, ns: string, mutated: boolean): string {
  return [
    "apiVersion: v1",
    "kind: Pod",
    "metadata:",
    `  name: ${name}`,
    `  namespace: ${ns}`,
    "  labels:",
    '    azure.workload.identity/use: "true"',
    "spec:",
    "  serviceAccountName: app",
    "  containers:",
    "  - name: app",
    "    image: contoso.azurecr.io/app:1.0",
    ...(mutated
      ? [
          "    env:",
          "    - name: AZURE_CLIENT_ID",
          "      value: 11111111-2222-4333-8444-555555555555",
          "    - name: AZURE_FEDERATED_TOKEN_FILE",
          "      value: /var/run/secrets/azure/wi/token/azure-identity-token",
          "    volumeMounts:",
          "    - mountPath: /var/run/secrets/azure/wi",
          `      name: azure-workload-identity-reserved-${"0".repeat(30)}`,
          "  volumes:",
          `  - name: azure-workload-identity-reserved-${"0".repeat(30)}`,
          "    projected:",
          "      sources:",
          "      - serviceAccountToken:",
          "          audience: api://AzureADTokenExchange",
          "          expirationSeconds: 3600",
          "          path: token/azure-identity-token",
        ]
      : []),
    "",
  ].join("\n");
}
