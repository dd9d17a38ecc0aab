import { describe, expect, it } from "vitest";
import { migratePodIdentity } from "../../src/checks/migrate-pod-identity.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-3333-4444-555555555555";
const ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-id";
const ISSUER = "https://westeurope.oic.prod-aks.azure.com/tenant/guid/";
const podIdentity = `apiVersion: aadpodidentity.k8s.io/v1
kind: AzureIdentity
metadata:
  name: web-id
  namespace: prod
spec:
  type: 0
  resourceID: ${ID}
  clientID: ${CLIENT}
---
apiVersion: aadpodidentity.k8s.io/v1
kind: AzureIdentityBinding
metadata:
  name: web-binding
  namespace: prod
spec:
  azureIdentity: web-id
  selector: web
`;
const SA = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: prod\n";
const deployment = (labels: string, sa = "web") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    metadata:
      labels:
${labels}    spec:
      serviceAccountName: ${sa}
      containers:
        - name: app
          image: app
`;
const azure = {
  "ids.json": [{ id: ID, name: "web-id", resourceGroup: "rg", clientId: CLIENT, principalId: "99999999-8888-7777-6666-555555555555", tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", type: "Microsoft.ManagedIdentity/userAssignedIdentities" }],
  "aks.json": { id: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks", name: "aks", resourceGroup: "rg", oidcIssuerProfile: { enabled: true, issuerUrl: ISSUER }, securityProfile: { workloadIdentity: { enabled: true } }, type: "Microsoft.ContainerService/ManagedClusters" },
};

describe("migrate-pod-identity", () => {
  it("flags a workload labelled aadpodidbinding, at the label key, resolving binding and identity", () => {
    const f = findings(migratePodIdentity, { manifests: { "pi.yaml": podIdentity, "sa.yaml": SA, "deploy.yaml": deployment("        aadpodidbinding: web\n") } });
    expect(f.map(where)).toEqual(["migrate-pod-identity Deployment prod/web @ deploy.yaml:10:9"]);
    expect(f[0]!.evidence).toMatchObject({ azureIdentityBinding: "prod/web-binding", azureIdentity: "prod/web-id", clientId: CLIENT, resourceID: ID });
    expect(f[0]!.related).toMatchObject([{ kind: "AzureIdentityBinding", name: "web-binding" }, { kind: "AzureIdentity", name: "web-id" }]);
    const [annotate, fic] = f[0]!.fixes;
    expect(annotate!.plans).toContainEqual({
      target: "manifest",
      file: "sa.yaml",
      edits: [{ documentIndex: 0, path: ["metadata", "annotations", "azure.workload.identity/client-id"], op: "set", value: CLIENT, expect: { absent: true } }],
    });
    expect(annotate!.plans).toContainEqual({
      target: "manifest",
      file: "deploy.yaml",
      edits: [{ documentIndex: 0, path: ["spec", "template", "metadata", "labels", "azure.workload.identity/use"], op: "set", value: "true", expect: { absent: true } }],
    });
    expect(fic!.plans).toEqual([]);
    expect(fic!.snippet!.text).toContain("--identity-name web-id");
    expect(fic!.snippet!.text).toContain("--subject system:serviceaccount:prod:web");
  });

  it("creates the federated credential as an Azure operation when the identity and cluster are known", () => {
    const f = findings(migratePodIdentity, { manifests: { "pi.yaml": podIdentity, "sa.yaml": SA, "deploy.yaml": deployment("        aadpodidbinding: web\n") }, azure });
    expect(f[0]!.fixes[1]!.plans).toMatchObject([
      { target: "azure", steps: [{ op: "federatedCredential.createOrUpdate", params: { identityId: ID, name: "prod-web", issuer: ISSUER, subject: "system:serviceaccount:prod:web", audiences: ["api://AzureADTokenExchange"] } }] },
    ]);
  });

  it("names the federated credential as Azure allows, beside the identity's existing ones", () => {
    const dotted = SA.replace("name: web", "name: web.reader");
    const taken = { ...azure, "fics.json": [{ id: `${ID}/federatedIdentityCredentials/prod-web-reader`, name: "prod-web-reader", issuer: ISSUER, subject: "system:serviceaccount:prod:other", audiences: ["api://AzureADTokenExchange"], resourceGroup: "rg", type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials" }] };
    const f = findings(migratePodIdentity, { manifests: { "pi.yaml": podIdentity, "sa.yaml": dotted, "deploy.yaml": deployment("        aadpodidbinding: web\n", "web.reader") }, azure: taken });
    expect(f[0]!.fixes[1]!.plans[0]).toMatchObject({ steps: [{ params: { name: "prod-web-reader-2", subject: "system:serviceaccount:prod:web.reader" } }] });
  });

  it("asks a workload already on workload identity only to drop the old label", () => {
    const annotated = SA + `  annotations:\n    azure.workload.identity/client-id: ${CLIENT}\n`;
    const f = findings(migratePodIdentity, { manifests: { "pi.yaml": podIdentity, "sa.yaml": annotated, "deploy.yaml": deployment('        aadpodidbinding: web\n        azure.workload.identity/use: "true"\n') } });
    expect(f.map(where)).toEqual(["migrate-pod-identity Deployment prod/web @ deploy.yaml:10:9"]);
    expect(f[0]!.fixes).toHaveLength(1);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "template", "metadata", "labels", "aadpodidbinding"], op: "delete" }] });
  });

  it("keeps the fix manual for the shared default ServiceAccount, and reports a label without a binding", () => {
    const f = findings(migratePodIdentity, { manifests: { "deploy.yaml": deployment("        aadpodidbinding: web\n", "default") } });
    expect(f.map(where)).toEqual(["migrate-pod-identity Deployment prod/web @ deploy.yaml:10:9"]);
    expect(f[0]!.message).toContain("no AzureIdentityBinding scanned");
    expect(f[0]!.fixes[0]!.plans).toEqual([]);
  });

  it("reports AzureIdentity objects no workload uses, and bindings of absent identities, inside Lists", () => {
    const f = findings(migratePodIdentity, {
      manifests: {
        "pi.yaml": podIdentity,
        "list.yaml": `apiVersion: v1
kind: List
items:
  - apiVersion: aadpodidentity.k8s.io/v1
    kind: AzureIdentityBinding
    metadata: { name: old-binding, namespace: ops }
    spec: { AzureIdentity: gone, Selector: old }
`,
      },
    });
    expect(f.map(where)).toEqual(["migrate-pod-identity AzureIdentity prod/web-id @ pi.yaml:7:3", "migrate-pod-identity AzureIdentityBinding ops/old-binding @ list.yaml:7:11"]);
    expect(f[0]!.fixes[0]!.snippet!.text).toBe("kubectl delete azureidentity web-id -n prod\nkubectl delete azureidentitybinding web-binding -n prod");
    expect(f[1]!.evidence).toMatchObject({ selector: "old", azureIdentity: "gone" });
  });

  it("passes workloads on workload identity and clusters without aad-pod-identity objects", () => {
    expect(findings(migratePodIdentity, { manifests: { "sa.yaml": SA, "deploy.yaml": deployment('        azure.workload.identity/use: "true"\n') } })).toEqual([]);
  });
});

testCheck(migratePodIdentity, {
  valid: [{ name: "on workload identity", manifests: { "sa.yaml": SA.replace("namespace: prod\n", `namespace: prod\n  annotations:\n    azure.workload.identity/client-id: ${CLIENT}\n`), "d.yaml": deployment('        azure.workload.identity/use: "true"\n') } }],
  invalid: [
    {
      name: "an aad-pod-identity workload: its ServiceAccount annotated with the identity's client id and its pods labelled; the old label stays until it runs",
      manifests: { "sa.yaml": SA, "d.yaml": deployment("        aadpodidbinding: web\n"), "pod-identity.yaml": podIdentity },
      findings: [{ messageId: "workload", object: "Deployment prod/web", at: "d.yaml:10:9-10:24" }],
      output: {
        "sa.yaml": `${SA}  annotations:\n    azure.workload.identity/client-id: ${CLIENT}\n`,
        "d.yaml": deployment('        aadpodidbinding: web\n        azure.workload.identity/use: "true"\n'),
      },
      remaining: [{ messageId: "leftover", object: "Deployment prod/web", at: "d.yaml:10:9-10:24" }],
    },
    {
      name: "a workload on workload identity that still carries the old label: the label removed",
      manifests: {
        "sa.yaml": SA.replace("namespace: prod\n", `namespace: prod\n  annotations:\n    azure.workload.identity/client-id: ${CLIENT}\n`),
        "d.yaml": deployment('        aadpodidbinding: web\n        azure.workload.identity/use: "true"\n'),
        "pod-identity.yaml": podIdentity,
      },
      findings: [{ messageId: "leftover", object: "Deployment prod/web", at: "d.yaml:10:9-10:24" }],
      output: { "d.yaml": deployment('        azure.workload.identity/use: "true"\n') },
      remaining: [
        { messageId: "identity", object: "AzureIdentity prod/web-id", at: "pod-identity.yaml:7:3-9:49" },
      ],
    },
  ],
});
