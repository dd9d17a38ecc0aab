/**
 * The simulated Azure (ARM, Entra ID) and OIDC issuer of packages/fake-cloud, for the live
 * sources' tests: the core never imports it, its tests talk to it over HTTPS like to Azure.
 */
export {
  startAzureWorld,
  azureSpec,
  identityId,
  vaultId,
  clusterId,
  TENANT,
  SUB,
  RG,
  RG_DATA,
  READER,
  ORDERS,
  PAYMENTS,
  KV_SECRETS_USER,
  type AzureWorld,
  type AzureWorldOptions,
} from "../../../fake-cloud/test/azure/helpers/azure-world.js";
export { createCertificateAuthority, startWorld, defaultScenario, normalizeScenario, type World, type CertificateAuthority, type ScenarioInput } from "../../../fake-cloud/src/index.js";
