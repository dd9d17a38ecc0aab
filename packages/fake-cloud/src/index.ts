export { createCertificateAuthority, type CertificateAuthority } from "./tls/ca.js";
export { startHttpsServer, type RunningHttpsServer, type HttpsServerOptions, type RequestHandler } from "./tls/https-server.js";
export type * from "./contracts.js";
export type * from "./scenario/types.js";
export type { World, StartWorldOptions, StartWorld } from "./world.js";
