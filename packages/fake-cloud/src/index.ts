/**
 * fake-cloud: a simulated AKS cluster and Azure on loopback, for tests, benchmarks and demos.
 *
 *     const world = await startWorld(defaultScenario());       // or generateScenario(), parseScenarioText(...)
 *     // world.kubeconfigPath, world.env (KUBECONFIG, NODE_EXTRA_CA_CERTS, WID_ARM_ENDPOINT, ...)
 *     await world.close();
 *
 * Everything speaks HTTPS with certificates of a CA made at start (`world.caFile`): the
 * kube-apiserver (discovery, CRUD, watch, patches, server-side apply, RBAC, TokenRequest,
 * pods/log, the workload identity webhook, controllers), the cluster's OIDC issuer, ARM and
 * Entra ID. `kubectl wid demo --serve` runs one from the command line.
 */
export { createCertificateAuthority, type CertificateAuthority } from "./tls/ca.js";
export { startHttpsServer, type RunningHttpsServer, type HttpsServerOptions, type RequestHandler } from "./tls/https-server.js";
export type * from "./contracts.js";
export type * from "./scenario/types.js";
export { startWorld, type World, type StartWorldOptions, type StartWorld } from "./world.js";
export { startKubeApiServer, type KubeApiServerOptions, type RunningKubeApiServer } from "./kube/server.js";
export { kubeconfigYaml } from "./kube/kubeconfig.js";
export {
  BUILTIN_SCENARIOS,
  resolveScenario,
  defaultScenario,
  generateScenario,
  normalizeScenario,
  parseScenarioText,
  loadScenarioFile,
  resolvePlaceholders,
  ScenarioError,
  type GenerateOptions,
} from "./scenario/index.js";
export { startIssuer, type FakeIssuer } from "./oidc/index.js";
export { startAzure, type FakeAzure } from "./arm/index.js";
export { startEntra } from "./entra/index.js";
export { serveWorld, formatEnv, untilSignal, type ServeOptions, type ServedWorld } from "./launcher/serve.js";
export { exportWorld, type ExportedWorld } from "./launcher/export.js";
