/**
 * The editor's engine: the core's checks, fixes and chains on the workspace's texts, as plain
 * data for the VS Code glue to show. Loaded on first use (dist/engine.js), never at activation.
 */
export { Engine, type Analysis, type CheckSettings } from "./engine.js";
export { fixChanges, editorFixes, remoteFixes, narrow, type TextChange, type FixChanges, type EditorFix } from "./fix-edits.js";
export { planLiveFix, confirmationOf, outcomeOf, type LiveFixPlan, type LiveOption, type LiveTarget, type LiveWhere } from "./live-fix.js";
export { hoverAt, type HoverInfo } from "./hover.js";
export { treeOf, reportOf, type TreeNode, type ProviderState, type ReadError, type TreeOptions, type NodeStatus, type FixTarget } from "./tree-model.js";
export { checkDoc, checkSummaries, isCheckId, type CheckSummary } from "./docs.js";
export { describeNotRunInEditor, remedy, azureReadErrors, azureGapErrors } from "./wording.js";
export { disabledInFile, globToRegExp } from "./glob.js";
export { findingKey, redactText } from "@wid/core";
export { kubeContexts, type KubeContext, type KubeContexts } from "./kubeconfig.js";
export { judgeVerification, type Judgement, type VerificationStep } from "./verification.js";
