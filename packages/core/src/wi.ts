/**
 * Facts of azure-workload-identity (webhook v1.6) that checks and fixes rely on. See the ground
 * truth section of the check catalog.
 */
export const WI = {
  useLabel: "azure.workload.identity/use",
  clientIdAnnotation: "azure.workload.identity/client-id",
  tenantIdAnnotation: "azure.workload.identity/tenant-id",
  tokenExpirationAnnotation: "azure.workload.identity/service-account-token-expiration",
  skipContainersAnnotation: "azure.workload.identity/skip-containers",
  injectProxySidecarAnnotation: "azure.workload.identity/inject-proxy-sidecar",
  proxySidecarPortAnnotation: "azure.workload.identity/proxy-sidecar-port",
  prefix: "azure.workload.identity/",
  audience: "api://AzureADTokenExchange",
  minTokenExpirationSeconds: 3600,
  maxTokenExpirationSeconds: 86400,
  defaultProxyPort: 8000,
  env: {
    clientId: "AZURE_CLIENT_ID",
    tenantId: "AZURE_TENANT_ID",
    tokenFile: "AZURE_FEDERATED_TOKEN_FILE",
    authorityHost: "AZURE_AUTHORITY_HOST",
  },
  /** v1.6+: volume `azure-workload-identity-reserved-<hash>`. */
  tokenMountV16: "/var/run/secrets/azure/wi",
  tokenFileV16: "/var/run/secrets/azure/wi/token/azure-identity-token",
  /** Up to v1.5. */
  tokenMountLegacy: "/var/run/secrets/azure/tokens",
  tokenFileLegacy: "/var/run/secrets/azure/tokens/azure-identity-token",
  defaultSaTokenPath: "/var/run/secrets/kubernetes.io/serviceaccount/token",
  webhookConfigMap: "azure-wi-webhook-config",
  mutatingWebhookConfiguration: "azure-wi-webhook-mutating-webhook-configuration",
  mutatingWebhookName: "mutation.azure-workload-identity.io",
  webhookService: "azure-wi-webhook-webhook-service",
  webhookDeployment: "azure-wi-webhook-controller-manager",
  webhookNamespaces: ["kube-system", "azure-workload-identity-system"],
  maxFicsPerIdentity: 20,
} as const;

export function expectedSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}
