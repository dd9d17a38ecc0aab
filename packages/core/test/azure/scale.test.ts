import { describe, expect, it } from "vitest";
import { runChecks } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { snapshot } from "../helpers/snapshot.js";
import { aks, assignment, deployment, fic, identity, keyVault, NOW, OLD_ISSUER, ROLE, serviceAccount, spc, TENANT, vaultId, webhookConfigMap } from "./fixtures.js";

const AZURE_CHECKS = new Set([
  "cluster-oidc-issuer-disabled",
  "cluster-workload-identity-disabled",
  "cluster-issuer-changed",
  "webhook-tenant-config",
  "sa-client-id-is-principal-id",
  "sa-client-id-unknown",
  "sa-tenant-mismatch",
  "fic-missing",
  "fic-issuer-mismatch",
  "fic-subject-mismatch",
  "fic-audience-invalid",
  "fic-limit",
  "fic-propagation",
  "fic-orphaned",
  "rbac-no-assignment",
  "rbac-missing-for-target",
  "rbac-assigned-to-wrong-principal",
  "rbac-propagation",
  "kv-access-policy-mode",
  "csi-client-id-mismatch",
]);

const guid = (prefix: string, i: number) => `${prefix}-0000-4000-8000-${String(i).padStart(12, "0")}`;

/** 500 identities with 4 FICs each (2,000), 10 assignments each (5,000), 500 ServiceAccounts and workloads. */
function bigSnapshot() {
  const identities = [];
  const fics = [];
  const assignments = [];
  const manifests: string[] = [webhookConfigMap(TENANT)];
  for (let n = 0; n < 50; n++) manifests.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-${n}\n`);
  for (let i = 0; i < 500; i++) {
    const client = guid("11111111", i);
    const principal = guid("aaaaaaaa", i);
    const ns = `team-${i % 50}`;
    identities.push(identity(`id-${i}`, { clientId: client, principalId: principal }));
    // one FIC for this cluster, three for the same ServiceAccount in other clusters
    for (let k = 0; k < 4; k++) fics.push(fic(`id-${i}`, `fic-${k}`, { subject: `system:serviceaccount:${ns}:app-${i}`, ...(k ? { issuer: OLD_ISSUER.replace("9e8d", `${k}e8d`) } : {}) }));
    for (let k = 0; k < 10; k++) assignments.push(assignment({ principalId: principal, role: k === 0 ? ROLE.secretsUser : ROLE.reader, scope: vaultId(`kv-${(i + k) % 20}`), name: guid("cccccccc", i * 10 + k) }));
    manifests.push(serviceAccount(`app-${i}`, ns, { "azure.workload.identity/client-id": client }));
    manifests.push(deployment(`app-${i}`, { sa: `app-${i}`, namespace: ns, spcs: [`spc-${i}`] }));
    manifests.push(spc(`spc-${i}`, { namespace: ns, clientID: client, keyvaultName: `kv-${i % 20}`, tenantId: TENANT, objects: [{ name: `secret-${i}`, type: "secret" }] }));
  }
  const vaults = Array.from({ length: 20 }, (_, v) => keyVault(`kv-${v}`, { rbac: true }));
  const snap = snapshot({
    now: NOW,
    manifests: { "all.yaml": manifests.join("---\n") },
    azure: { "identities.json": identities, "fics.json": fics, "role-assignments.json": assignments, "vaults.json": vaults, "aks.json": aks("aks-prod") },
  });
  // As if read from the live cluster: its objects are all it has.
  snap.coverage.available.add("cluster");
  return snap;
}

describe("Azure checks at scale", () => {
  // Speed is measured by `pnpm bench`, not asserted here: this pins correctness at scale.
  it("run over 500 identities, 2,000 FICs and 5,000 role assignments without a false positive", () => {
    const snap = bigSnapshot();
    const checks = allChecks.filter((c) => AZURE_CHECKS.has(c.meta.id));
    const objects = snap.objects.length + snap.azure.identities.length + snap.azure.federatedCredentials.length + snap.azure.roleAssignments.length + snap.azure.keyVaults.length;
    expect(objects).toBe(1551 + 500 + 2000 + 5000 + 20);
    const report = runChecks(snap, checks);
    expect(report.notRun).toEqual([]);
    // Every ServiceAccount has its FIC and its vault role: any finding here is a false positive.
    expect(report.findings.map((f) => f.checkId)).toEqual([]);
  });
});
