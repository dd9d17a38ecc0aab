export { UserError, InternalError, isUserError } from "./errors.js";
export { setting, wordSettings, type SettingName, type SettingWords } from "./setting-names.js";
export type { Location, Path, Position, Range } from "./model/location.js";
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
export type { Snapshot, SnapshotOptions, Coverage, DataKey, InputProblem, LiveCoverage, LiveGap } from "./model/snapshot.js";
export type { RuntimeState, KubeEvent, LogExcerpt, IssuerEvidence } from "./model/runtime.js";
export { emptyRuntimeState } from "./model/runtime.js";
export type { Finding, Evidence, NotRun, NotRunReason, DataGap, Report, Severity } from "./model/finding.js";
export type {
  Fix,
  FixPlan,
  FixTarget,
  FixChoice,
  ManifestPlan,
  ManifestEdit,
  EditPath,
  EditSegment,
  Expect,
  ClusterPlan,
  ClusterStep,
  LiveGuard,
  AzurePlan,
  AzureStep,
  AzureOperation,
  FederatedCredentialParams,
} from "./model/fix.js";
export { planFor } from "./model/fix.js";
export { SEVERITY_RANK } from "./model/finding.js";
export { runChecks, notRunReason, unknownCheckIds, type RunOptions, type UnknownCheckId } from "./engine/run.js";
export { DATA_KEYS, describeGap, describeNotRun, describeLiveGap } from "./engine/reasons.js";
export { unreadGap } from "./engine/coverage.js";
export { buildIndex, type SnapshotIndex } from "./engine/snapshot-index.js";
export { toWorkload, podPath, WORKLOAD_KINDS, type Workload, type ContainerView } from "./engine/workloads.js";
export {
  loadOfflineSnapshot,
  loadOfflineParts,
  snapshotFromTexts,
  assembleSnapshot,
  parseManifestPart,
  parseAzurePart,
  type SnapshotPart,
  type AssembleInput,
  type OfflineInputs,
  type TextInputs,
  type LoadProgress,
  type OnLoadProgress,
} from "./sources/snapshot.js";
export { SnapshotWorkspace } from "./sources/workspace.js";
export { WI, expectedSubject } from "./wi.js";
export { BUILTIN_ROLES } from "./azure/builtin-roles.js";
export { shq, nest, createRoleAssignment } from "./fixes/builders/index.js";
export { kubeRef, azureRef } from "./engine/refs.js";
export { isGuid } from "./util/guid.js";
export { closest, editDistance } from "./util/text.js";
export { renderCheckDoc } from "./docs/render.js";
export { exampleFiles, exampleFolder, exampleCommand, exampleExcerpts, exportText, EXAMPLES_DIR, type ExampleSide, type ExampleExcerpt } from "./docs/examples.js";
export { grantsAt, leastPrivilegedRole, type GrantResult, type RoleLookup } from "./azure/grants.js";
export { roleGrantsDataAction, roleGrantsAction } from "./azure/permissions.js";
export { scopeRelation, type ScopeRelation } from "./azure/scope.js";
export { targetDataActions } from "./azure/data-actions.js";
export { aadstsMeaning, aadstsCodeIn, type AadstsMeaning } from "./azure/aadsts.js";
export { groupFindings, type FindingGroup } from "./engine/group.js";
export { identityChains, linkOf, type IdentityChain, type ChainLink, type ChainLinkKind, type LinkStatus } from "./engine/chain.js";
export { selectFileFixes, type FileFix, type FileFixSelection, type NotFromFiles } from "./fixes/select.js";
export { readFileToFix, writeFixedFile, encodeLike, type ReadFile } from "./fixes/executors/manifest-files.js";
export { applyFixesToTexts, type FixOutcome, type TextsAfterFixes } from "./fixes/apply-to-texts.js";
export { applyManifestEdits, type EditOutcome, type ManifestEditResult, type Splice } from "./fixes/executors/manifest.js";
export { valueDigest } from "./util/digest.js";
export { planFileFixRounds, findingKey, type FileFixRounds } from "./fixes/rounds.js";
export { planSetup, type SetupFacts, type SetupRequest, type SetupPlan, type PendingIdentity } from "./fixes/setup-plan.js";
export { selectLiveFixes, stepObjectKey, type LiveFix, type LiveFixSelection, type LivePlan, type NotLive } from "./fixes/live-select.js";
export { redactText, redactDeep, holdsSecret } from "./util/redact.js";
