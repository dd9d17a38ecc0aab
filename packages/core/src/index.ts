export { UserError, InternalError, isUserError } from "./errors.js";
export type { Location, Path } from "./model/location.js";
export type { KubeObject, ManifestOrigin, ObjectRef, LocateOptions } from "./model/kube.js";
export type {
  AzureState,
  AzureOrigin,
  ManagedIdentity,
  FederatedCredential,
  RoleAssignment,
  RoleDefinition,
  RolePermission,
  ManagedCluster,
  KeyVault,
  KeyVaultAccessPolicy,
} from "./model/azure.js";
export type { Snapshot, SnapshotOptions, Coverage, DataKey, InputProblem } from "./model/snapshot.js";
export type { Finding, Fix, FixAction, ManifestEdit, AzureOperation, Evidence, NotRun, Report, Severity } from "./model/finding.js";
export { SEVERITY_RANK } from "./model/finding.js";
export { runChecks, notRunReason, type RunOptions } from "./engine/run.js";
export { NEED_REASONS } from "./engine/needs.js";
export { buildIndex, type SnapshotIndex } from "./engine/snapshot-index.js";
export { toWorkload, podPath, WORKLOAD_KINDS, type Workload, type ContainerView } from "./engine/workloads.js";
export { loadOfflineSnapshot, snapshotFromTexts, type OfflineInputs, type TextInputs, type LoadProgress, type OnLoadProgress } from "./sources/snapshot.js";
export { WI, expectedSubject } from "./wi.js";
export { BUILTIN_ROLES } from "./azure/builtin-roles.js";
export { setField, renameKey, createFederatedCredential, updateFederatedCredential, createRoleAssignment, nest, shq } from "./fixes/builders.js";
export { kubeRef, azureRef } from "./engine/refs.js";
export { isGuid } from "./util/guid.js";
export { closest, editDistance } from "./util/text.js";
export { renderCheckDoc } from "./docs/render.js";
export { grantsAt, leastPrivilegedRole, type GrantResult, type RoleLookup } from "./azure/grants.js";
export { roleGrantsDataAction, roleGrantsAction } from "./azure/permissions.js";
export { scopeRelation, type ScopeRelation } from "./azure/scope.js";
export { targetDataActions } from "./azure/data-actions.js";
