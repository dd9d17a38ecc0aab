import { describe, expect, it } from "vitest";
import { createRoleAssignment, type Finding, type Fix } from "@wid/core";
import { confirmationOf, outcomeOf, planLiveFix } from "../../src/engine/live-fix.js";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
const SUB = "2c9f8e7d-6b5a-4c3d-9e2f-1a0b9c8d7e6f";
const IDENTITY = `/subscriptions/${SUB}/resourceGroups/rg-shop/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-invoices`;

function finding(fixes: Fix[], kind = "ServiceAccount"): Finding {
  return { checkId: "x-y", messageId: "m", severity: "error", object: { kind, name: "reports", namespace: "billing" }, message: "m", evidence: {}, fixes };
}

/** A fix as the core's builders make it for a ServiceAccount read from the cluster: a merge patch guarded by the object as read. */
function clusterFix(annotations: Record<string, string | null>): Fix {
  const patch = { metadata: { annotations } };
  return {
    title: 'Set the token expiration to "3600"',
    kind: "fix",
    plans: [
      {
        target: "cluster",
        steps: [
          {
            op: "patch",
            object: { kind: "ServiceAccount", name: "reports", namespace: "billing", apiVersion: "v1" },
            patch,
            guard: { uid: "07032150-dc8a-477c-a490-521695de27bb", resourceVersion: "1057" },
            command: `kubectl patch serviceaccount/reports -n billing --type merge -p '${JSON.stringify(patch)}'`,
          },
        ],
      },
    ],
  };
}

const ficFix: Fix = {
  title: 'Update federated credential "aks-billing-invoices" on identity id-invoices',
  kind: "fix",
  plans: [
    {
      target: "azure",
      steps: [
        {
          op: "federatedCredential.createOrUpdate",
          params: { identityId: IDENTITY, name: "aks-billing-invoices", issuer: "https://issuer.example/abc/", subject: "system:serviceaccount:billing:invoices", audiences: ["api://AzureADTokenExchange"] },
          expect: { issuer: "https://issuer.example/abc", subject: "system:serviceaccount:billing:invoices", audiences: ["api://AzureADTokenExchange"] },
          command: `az identity federated-credential update --name aks-billing-invoices --identity-name id-invoices --resource-group rg-shop --subscription ${SUB} --issuer https://issuer.example/abc/ --subject system:serviceaccount:billing:invoices --audiences api://AzureADTokenExchange`,
        },
      ],
    },
  ],
};

describe("confirmationOf: the modal that shows a live fix before it is applied", () => {
  it("names the object, its patch, its guard and the kubectl command of a cluster fix, on the context", () => {
    const plan = planLiveFix(finding([clusterFix({ "azure.workload.identity/service-account-token-expiration": "3600" })]), { azureLive: true });
    expect(plan.code).toBe("apply");
    if (plan.code !== "apply") return;
    const { message, detail } = confirmationOf(plan.option, { context: "aks-shop-prod", server: "https://127.0.0.1:6443" });
    expect(message).toBe('Apply "Set the token expiration to "3600"" to the cluster of context "aks-shop-prod"?');
    expect(detail).toContain('On the cluster of context "aks-shop-prod" (https://127.0.0.1:6443):');
    expect(detail).toContain("ServiceAccount billing/reports: a JSON merge patch, only if it is still as read (uid 07032150-dc8a-477c-a490-521695de27bb, resourceVersion 1057):");
    expect(detail).toContain(JSON.stringify({ metadata: { annotations: { "azure.workload.identity/service-account-token-expiration": "3600" } } }, null, 2));
    expect(detail).toContain(`The same as:\nkubectl patch serviceaccount/reports -n billing --type merge -p '{"metadata":{"annotations":{"azure.workload.identity/service-account-token-expiration":"3600"}}}'`);
  });

  it("never shows a token a patch or its command would carry", () => {
    const plan = planLiveFix(finding([clusterFix({ "example.com/token": JWT })]), { azureLive: true });
    if (plan.code !== "apply") throw new Error(plan.code);
    const { message, detail } = confirmationOf(plan.option, { context: "aks-shop-prod" });
    expect(detail).not.toContain(JWT);
    expect(detail).not.toContain(JWT.slice(20));
    expect(detail).toContain("<redacted");
    expect(message).not.toContain(JWT);
  });

  it("names the Azure resource, its parameters (with what they are now) and the az command of an Azure fix", () => {
    const plan = planLiveFix(finding([ficFix], "FederatedIdentityCredential"), { azureLive: true });
    if (plan.code !== "apply") throw new Error(plan.code);
    const { message, detail } = confirmationOf(plan.option);
    expect(message).toBe('Apply "Update federated credential "aks-billing-invoices" on identity id-invoices" to Azure?');
    expect(detail).toContain('Federated credential "aks-billing-invoices" of identity id-invoices (resource group rg-shop): updated');
    expect(detail).toContain(`  resource: ${IDENTITY}/federatedIdentityCredentials/aks-billing-invoices`);
    expect(detail).toContain("  issuer: https://issuer.example/abc/ (now https://issuer.example/abc)");
    expect(detail).toContain("  subject: system:serviceaccount:billing:invoices\n");
    expect(detail).toContain(`The same as:\naz identity federated-credential update --name aks-billing-invoices`);
    expect(detail).not.toMatch(/cluster/);
  });

  it("shows a role assignment's role, principal and scope, and masks a secret a scope would carry", () => {
    const secretScope = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st?sig=${"A".repeat(10)}b1c2d3e4f5g6h7`;
    const fix = createRoleAssignment("0b0c0d0e-0000-4000-8000-00000000000a", { name: "4633458b-17de-408a-b874-0445c86b69e6", roleName: "Key Vault Secrets User" }, secretScope, "identity id-ingest");
    const plan = planLiveFix(finding([fix], "ManagedIdentity"), { azureLive: true });
    if (plan.code !== "apply") throw new Error(plan.code);
    const { detail } = confirmationOf(plan.option);
    expect(detail).toContain("  role: Key Vault Secrets User (4633458b-17de-408a-b874-0445c86b69e6)");
    expect(detail).toContain("  principal: 0b0c0d0e-0000-4000-8000-00000000000a (ServicePrincipal)");
    expect(detail).toContain("az role assignment create");
    expect(detail).not.toContain(`${"A".repeat(10)}b1c2d3e4f5g6h7`);
  });
});

describe("planLiveFix: what the editor offers for a finding on the cluster or in Azure", () => {
  it("shows an Azure fix's commands when Azure was read from exports, and applies it when read live", () => {
    expect(planLiveFix(finding([ficFix]), { azureLive: false })).toMatchObject({ code: "azure-not-live", commands: [expect.stringMatching(/^az identity federated-credential update/)] });
    expect(planLiveFix(finding([ficFix]), { azureLive: true })).toMatchObject({ code: "apply", option: { title: ficFix.title } });
  });

  it("takes the fix with a plan for the target asked", () => {
    const cluster = clusterFix({ a: "b" });
    expect(planLiveFix(finding([ficFix, cluster]), { target: "cluster", azureLive: true })).toMatchObject({ code: "apply", option: { fix: cluster } });
    expect(planLiveFix(finding([ficFix, cluster]), { target: "azure", azureLive: true })).toMatchObject({ code: "apply", option: { fix: ficFix } });
  });

  it("offers the known answers of a choice, and shows a choice without answers for the user to make", () => {
    const grant = createRoleAssignment("0b0c0d0e-0000-4000-8000-00000000000a", { name: "4633458b-17de-408a-b874-0445c86b69e6", roleName: "Key Vault Secrets User" }, `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`, "identity id-ingest");
    const known: Fix = { title: "Grant a role", kind: "suggestion", plans: [], snippet: { language: "shell", text: "az role assignment create --role ROLE" }, choices: [{ what: "role", question: "Which role?", options: [{ label: "Key Vault Secrets User on kv", value: "x", plans: grant.plans }] }] };
    const plan = planLiveFix(finding([known]), { azureLive: true });
    expect(plan).toMatchObject({ code: "choose", question: "Which role?", options: [{ label: "Key Vault Secrets User on kv", option: { title: "Grant a role: Key Vault Secrets User on kv" } }] });
    const unknown: Fix = { ...known, choices: [{ what: "role", question: "Which role?" }] };
    expect(planLiveFix(finding([unknown]), { azureLive: true })).toMatchObject({ code: "by-hand", needsChoice: true, fix: unknown });
    expect(planLiveFix(finding([]), { azureLive: true })).toEqual({ code: "no-fix" });
  });
});

describe("outcomeOf: what the notification says after a live fix", () => {
  const step = clusterFix({ a: "b" }).plans[0]!;
  if (step.target !== "cluster") throw new Error("cluster");
  const s = step.steps[0]!;
  it("says applied, or refused with the executor's reason and that nothing changed", () => {
    expect(outcomeOf("t", [{ step: s, status: "applied", reason: "ServiceAccount billing/reports: patched" }])).toEqual({ ok: true, text: 'wid applied "t": ServiceAccount billing/reports: patched' });
    expect(outcomeOf("t", [{ step: s, status: "refused", reason: "ServiceAccount billing/reports changed since it was read (resourceVersion 1057, now 1060)" }])).toEqual({
      ok: false,
      text: 'wid did not apply "t": nothing was changed. ServiceAccount billing/reports changed since it was read (resourceVersion 1057, now 1060)',
    });
    expect(outcomeOf("t", [{ step: s, status: "failed", reason: `403 with ${JWT}` }]).text).not.toContain(JWT);
  });
});
