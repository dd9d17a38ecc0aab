import type { Check } from "./types.js";
import { clusterOidcIssuerDisabled } from "./cluster-oidc-issuer-disabled.js";
import { clusterWorkloadIdentityDisabled } from "./cluster-workload-identity-disabled.js";
import { clusterIssuerUnreachable } from "./cluster-issuer-unreachable.js";
import { clusterIssuerChanged } from "./cluster-issuer-changed.js";
import { webhookMissing } from "./webhook-missing.js";
import { webhookNotReady } from "./webhook-not-ready.js";
import { webhookDoubleInstall } from "./webhook-double-install.js";
import { webhookTenantConfig } from "./webhook-tenant-config.js";
import { webhookAdmissionErrors } from "./webhook-admission-errors.js";
import { namespaceExcluded } from "./namespace-excluded.js";
import { saMissing } from "./sa-missing.js";
import { saClientIdMissing } from "./sa-client-id-missing.js";
import { saAnnotationTypo } from "./sa-annotation-typo.js";
import { saAnnotationOnWrongObject } from "./sa-annotation-on-wrong-object.js";
import { saClientIdNotGuid } from "./sa-client-id-not-guid.js";
import { saClientIdIsPrincipalId } from "./sa-client-id-is-principal-id.js";
import { saClientIdUnknown } from "./sa-client-id-unknown.js";
import { saTenantMismatch } from "./sa-tenant-mismatch.js";
import { saTokenExpirationInvalid } from "./sa-token-expiration-invalid.js";
import { saLabelOnly } from "./sa-label-only.js";
import { podLabelMissing } from "./pod-label-missing.js";
import { podLabelValueInvalid } from "./pod-label-value-invalid.js";
import { podLabelOnControllerOnly } from "./pod-label-on-controller-only.js";
import { podLabelInSelector } from "./pod-label-in-selector.js";
import { podNotMutated } from "./pod-not-mutated.js";
import { podStaleClientId } from "./pod-stale-client-id.js";
import { podEnvOverride } from "./pod-env-override.js";
import { podHardcodedTokenPath } from "./pod-hardcoded-token-path.js";
import { podDefaultTokenUsed } from "./pod-default-token-used.js";
import { podSkipContainersInvalid } from "./pod-skip-containers-invalid.js";
import { podWindowsWithoutOs } from "./pod-windows-without-os.js";
import { podSidecarNotMutated } from "./pod-sidecar-not-mutated.js";
import { proxyHostNetwork } from "./proxy-host-network.js";
import { proxyAnnotationFalse } from "./proxy-annotation-false.js";
import { proxyPortInvalid } from "./proxy-port-invalid.js";
import { ficMissing } from "./fic-missing.js";
import { ficIssuerMismatch } from "./fic-issuer-mismatch.js";
import { ficSubjectMismatch } from "./fic-subject-mismatch.js";
import { ficAudienceInvalid } from "./fic-audience-invalid.js";
import { ficLimit } from "./fic-limit.js";
import { ficPropagation } from "./fic-propagation.js";
import { ficOrphaned } from "./fic-orphaned.js";
import { rbacNoAssignment } from "./rbac-no-assignment.js";
import { rbacMissingForTarget } from "./rbac-missing-for-target.js";
import { rbacAssignedToWrongPrincipal } from "./rbac-assigned-to-wrong-principal.js";
import { rbacPropagation } from "./rbac-propagation.js";
import { kvAccessPolicyMode } from "./kv-access-policy-mode.js";
import { csiClientIdMismatch } from "./csi-client-id-mismatch.js";
import { migratePodIdentity } from "./migrate-pod-identity.js";
import { runtimeAadstsError } from "./runtime-aadsts-error.js";
import { csiDriverTokenRequestsMissing } from "./csi-driver-token-requests-missing.js";
import { appIdentityOverride } from "./app-identity-override.js";
import { webhookFailurePolicyIgnore } from "./webhook-failure-policy-ignore.js";

/** Every check of the catalog, in catalog order. */
export const allChecks: readonly Check[] = [
  clusterOidcIssuerDisabled,
  clusterWorkloadIdentityDisabled,
  clusterIssuerUnreachable,
  clusterIssuerChanged,
  webhookMissing,
  webhookNotReady,
  webhookDoubleInstall,
  webhookTenantConfig,
  webhookAdmissionErrors,
  namespaceExcluded,
  saMissing,
  saClientIdMissing,
  saAnnotationTypo,
  saAnnotationOnWrongObject,
  saClientIdNotGuid,
  saClientIdIsPrincipalId,
  saClientIdUnknown,
  saTenantMismatch,
  saTokenExpirationInvalid,
  saLabelOnly,
  podLabelMissing,
  podLabelValueInvalid,
  podLabelOnControllerOnly,
  podLabelInSelector,
  podNotMutated,
  podStaleClientId,
  podEnvOverride,
  podHardcodedTokenPath,
  podDefaultTokenUsed,
  podSkipContainersInvalid,
  podWindowsWithoutOs,
  podSidecarNotMutated,
  proxyHostNetwork,
  proxyAnnotationFalse,
  proxyPortInvalid,
  ficMissing,
  ficIssuerMismatch,
  ficSubjectMismatch,
  ficAudienceInvalid,
  ficLimit,
  ficPropagation,
  ficOrphaned,
  rbacNoAssignment,
  rbacMissingForTarget,
  rbacAssignedToWrongPrincipal,
  rbacPropagation,
  kvAccessPolicyMode,
  csiClientIdMismatch,
  migratePodIdentity,
  runtimeAadstsError,
  csiDriverTokenRequestsMissing,
  appIdentityOverride,
  webhookFailurePolicyIgnore,
];

export type { Check, CheckContext, CheckExample, CheckExamples, CheckMeta, DataKind, ReportInput } from "./types.js";
export { defineCheck } from "./types.js";
