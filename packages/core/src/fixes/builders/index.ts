export { setField, renameKey, renameKeyAndSet, listEditFix, suggestion, manualFix, combineFixes, mergePatchStep, rolloutRestartStep, restartWorkload, liveTarget, liveGuard } from "./kube.js";
export { kubectlSetEnv, removeEnvFix, containerStringFix, type ContainerStringRef } from "./containers.js";
export { createFederatedCredential, rewriteFederatedCredential, deleteFederatedCredential, createRoleAssignment, reassignRole, setKeyVaultPolicy, aksUpdate } from "./azure.js";
export { editPath, expectAt, nest } from "./paths.js";
export { shq } from "./shell.js";
