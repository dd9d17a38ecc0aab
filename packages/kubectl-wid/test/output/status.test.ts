import { describe, expect, it } from "vitest";
import type { IdentityChain } from "@wid/core";
import { renderStatusJson, renderStatusText } from "../../src/output/status.js";
import { styler } from "../../src/output/style.js";
import { unreadItems } from "../../src/output/unread.js";

const workload = { kind: "Deployment", name: "payments", namespace: "shop", apiVersion: "apps/v1" };
const finding = { checkId: "fic-subject-mismatch", messageId: "nearMiss", severity: "error" as const, object: { kind: "FederatedIdentityCredential", name: "aks-shop-payments", id: "/subscriptions/x/fic" }, message: "subject misspelt", evidence: {}, fixes: [] };
const chains: IdentityChain[] = [
  {
    title: "shop/Deployment/payments",
    workload,
    status: "broken",
    links: [
      { kind: "workload", object: workload, status: "ok", findings: [] },
      { kind: "identity", object: { kind: "ManagedIdentity", name: "id-payments", id: "/subscriptions/x/id" }, status: "ok", findings: [] },
      { kind: "federated-credential", status: "broken", findings: [finding] },
      { kind: "role-assignment", status: "unknown", findings: [], unknown: { code: "missing-data", data: "azure.roleAssignments", gap: { code: "not-given" } } },
    ],
  },
];

describe("kubectl wid status output", () => {
  it("shows each link with its status, the checks that break it, and why a link is unknown", () => {
    const text = renderStatusText(chains, { style: styler(false) });
    expect(text).toBe(
      [
        "shop/Deployment/payments  broken",
        "  ok       workload              Deployment shop/payments",
        "  ok       identity              ManagedIdentity id-payments",
        "  broken   federated-credential  (none)  fic-subject-mismatch",
        "  unknown  role-assignment       (none)  needs role assignments: add --azure with the output of `az role assignment list --all`",
        "",
        "1 workload: 0 ok, 1 broken, 0 unknown",
        "",
      ].join("\n"),
    );
  });

  it("says what a live read could not read, and which cluster it read", () => {
    const unread = unreadItems({
      allNamespaces: false,
      namespaces: ["shop"],
      unread: [
        { resource: "serviceaccounts", namespace: "billing", gap: { code: "forbidden", resource: "serviceaccounts", namespace: "billing", detail: 'User "team" cannot list resource "serviceaccounts" in API group "" in the namespace "billing"' } },
        { resource: "mutatingwebhookconfigurations.admissionregistration.k8s.io", gap: { code: "forbidden", resource: "mutatingwebhookconfigurations.admissionregistration.k8s.io", detail: "User \"team\" cannot list" } },
      ],
    });
    expect(unread.map((u) => u.reason)).toEqual([
      'mutatingwebhookconfigurations.admissionregistration.k8s.io (cluster-wide): forbidden (User "team" cannot list)',
      'namespace billing: not read, serviceaccounts: forbidden (User "team" cannot list resource "serviceaccounts" in API group "" in the namespace "billing")',
    ]);
    const text = renderStatusText([], { style: styler(false), unread, cluster: { context: "prod", scope: "every namespace", objects: 12, requests: 20 } });
    expect(text).toContain("No workload uses workload identity in what was read.");
    expect(text).toContain("Not read (2): chains there are not shown, or shown in part\n  mutatingwebhookconfigurations");
    expect(text).toContain("cluster: context prod, every namespace (12 objects read in 20 requests)");
  });

  it("prints the chains as a versioned JSON document", () => {
    const doc = JSON.parse(renderStatusJson(chains, [])) as Record<string, unknown>;
    expect(doc).toMatchObject({
      version: 1,
      summary: { workloads: 1, ok: 0, broken: 1, unknown: 0 },
      unread: [],
      chains: [
        {
          title: "shop/Deployment/payments",
          status: "broken",
          workload: { kind: "Deployment", namespace: "shop", name: "payments", file: null },
          links: [
            { kind: "workload", status: "ok", findings: [] },
            { kind: "identity", object: { kind: "ManagedIdentity", name: "id-payments", id: "/subscriptions/x/id" } },
            { kind: "federated-credential", status: "broken", object: null, findings: [{ checkId: "fic-subject-mismatch", messageId: "nearMiss", severity: "error" }] },
            { kind: "role-assignment", status: "unknown", unknownCause: { code: "missing-data", data: "azure.roleAssignments" }, unknown: expect.stringContaining("role assignments") },
          ],
        },
      ],
    });
  });
});
