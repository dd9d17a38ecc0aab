import { UserError, type Snapshot } from "@wid/core";

/**
 * Input that yields nothing to check is a mistake in CI (a wrong folder passes silently), so it
 * is an input error unless the user says it may be empty.
 */
export function refuseEmptyInput(snapshot: Snapshot, given: { manifests: readonly string[]; azure: readonly string[] }, allowEmpty: boolean): void {
  if (allowEmpty) return;
  const problems = snapshot.coverage.problems.filter((p) => p.severity === "error").length;
  const why = problems ? ` (${problems === 1 ? "1 input error" : `${problems} input errors`}: see above)` : "";
  if (given.manifests.length > 0 && snapshot.objects.length === 0) {
    throw new UserError(`no Kubernetes object in ${given.manifests.join(", ")}${why}`, {
      hint: "check the path given to -f; --allow-empty accepts input that holds none (an optional folder)",
    });
  }
  const azureRead = [...snapshot.coverage.available].some((k) => k.startsWith("azure."));
  if (given.azure.length > 0 && !azureRead) {
    throw new UserError(`no Azure CLI export in ${given.azure.join(", ")}${why}`, {
      hint: "--azure reads the JSON of `az identity list`, `az aks show`, ... (see examples/export-azure.sh); --allow-empty accepts input that holds none",
    });
  }
}
