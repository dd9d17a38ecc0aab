/**
 * What `kubectl wid setup` reads before it plans, live: the ServiceAccount, the identity and its
 * federated credentials, the cluster's OIDC issuer, the role. A subpath of its own
 * (`@wid/core/sources/live-setup`): it loads @kubernetes/client-node and the Azure SDKs.
 */
export { readSetupState, type SetupReadOptions, type SetupState, type SetupRole } from "./read.js";
