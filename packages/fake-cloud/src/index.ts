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
