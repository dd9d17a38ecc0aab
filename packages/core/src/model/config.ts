/**
 * What wid keeps of a configuration value that chooses an identity, found in a Secret or a
 * ConfigMap: the settings that choose, never a credential. Every other value of a Secret or
 * ConfigMap is dropped when it is read; only its key names stay.
 */
export type IdentitySettings = AzureJsonSettings | AppAuthenticationSettings;

/**
 * An `azure.json` as external-dns and cluster-autoscaler read it (the cloud provider's format).
 * Keys are matched without case, as Go's JSON decoder does.
 */
export interface AzureJsonSettings {
  format: "azure.json";
  /** Not JSON or YAML, or not an object: the app fails on it with its own error. */
  unreadable: boolean;
  useWorkloadIdentityExtension: boolean;
  useManagedIdentityExtension: boolean;
  userAssignedIdentityID?: string;
  aadClientId?: string;
  /** `aadClientSecret` is set, and is not the `msi` placeholder; its value is never kept. */
  clientSecretSet: boolean;
  tenantId?: string;
}

/**
 * A connection string of the legacy AppAuthentication library (`AzureServicesAuthConnectionString`):
 * `RunAs=App;AppId=...;TenantId=...;AppKey=...` and its other forms.
 */
export interface AppAuthenticationSettings {
  format: "app-authentication";
  /** `App`, `Developer` or `CurrentUser`, as written. */
  runAs: string | undefined;
  /** A user-assigned identity's or an app registration's client id. */
  appId: string | undefined;
  tenantId: string | undefined;
  /** How the app proves itself: `AppKey`, a certificate (thumbprint, subject or Key Vault secret), or neither (a managed identity). */
  credential: "secret" | "certificate" | "none";
  /** `DeveloperTool` of `RunAs=Developer`. */
  developerTool: string | undefined;
}
