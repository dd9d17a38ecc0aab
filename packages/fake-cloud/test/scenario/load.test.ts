import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioFile, parseScenarioText, resolvePlaceholders, ScenarioError } from "../../src/scenario/load.js";
import { resolveScenario } from "../../src/scenario/index.js";
import { startWorld } from "../../src/world.js";

const FILE = `name: trailing-slash
description: A FIC written without the issuer's trailing slash
cluster:
  objects:
    - apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: api
        namespace: web
        annotations:
          azure.workload.identity/client-id: 5f4e3d2c-1b0a-4987-8654-3210fedcba98
webhook:
  version: "1.5"
  mode: helm
azure:
  federatedCredentials:
    - id: /subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-api/federatedIdentityCredentials/web-api
      name: web-api
      issuer: "{{issuerWithoutTrailingSlash}}"
      subject: system:serviceaccount:web:api
      audiences: [api://AzureADTokenExchange]
`;

function scenarioFile(text: string, name = "s.yaml"): string {
  const path = join(mkdtempSync(join(tmpdir(), "scenario-")), name);
  writeFileSync(path, text);
  return path;
}

function scenarioError(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error("expected a ScenarioError");
}

describe("scenario files", () => {
  it("fill every default and keep what the file says", async () => {
    const s = await loadScenarioFile(scenarioFile(FILE));
    expect(s.name).toBe("trailing-slash");
    expect(s.webhook).toEqual({ installed: true, version: "1.5", ready: true, mode: "helm" });
    expect(s.issuer).toMatchObject({ enabled: true, trailingSlash: true, faults: {} });
    expect(s.azure.identities).toEqual([]);
    expect(s.cluster.objects).toHaveLength(1);
  });

  it("resolve issuer placeholders once the issuer listens", () => {
    const s = resolvePlaceholders({ a: "{{issuer}}", b: ["{{issuerWithoutTrailingSlash}}"], c: { d: "x{{ issuerWithTrailingSlash }}" }, e: "{{unknown}}" }, { issuer: "https://h/p/" });
    expect(s).toEqual({ a: "https://h/p/", b: ["https://h/p"], c: { d: "xhttps://h/p/" }, e: "{{unknown}}" });
  });

  it("start a world whose cluster, webhook layout and Azure follow the file", async () => {
    const world = await startWorld(await loadScenarioFile(scenarioFile(FILE)));
    try {
      expect(world.scenario.azure.federatedCredentials[0]!.issuer).toBe(world.urls.issuer.replace(/\/$/, ""));
      expect(world.urls.issuer.endsWith("/")).toBe(true);
      const deploy = world.kube.api.store.get("apps/deployments", "azure-workload-identity-system", "azure-wi-webhook-controller-manager");
      expect(deploy?.spec.template.spec.containers[0].image).toBe("mcr.microsoft.com/oss/azure/workload-identity/webhook:v1.5.1");
      expect(world.kube.api.store.get("/serviceaccounts", "web", "api")).toBeDefined();
    } finally {
      await world.close();
    }
  });

  it("name what is wrong, with a hint", async () => {
    expect(scenarioError(() => parseScenarioText("cluster: {}\n", "a.yaml"))).toMatchObject({ message: "the scenario has no `name`", file: "a.yaml" });
    expect(scenarioError(() => parseScenarioText('name: x\nwebhook:\n  version: "2.0"\n'))).toMatchObject({ message: 'webhook.version "2.0" is not known', hint: 'use "1.6" or "1.5" (quoted)' });
    expect(scenarioError(() => parseScenarioText("name: x\ncluster:\n  objects:\n    - kind: Pod\n")).message).toBe("cluster.objects[0] is not a Kubernetes object");
    const syntax = scenarioError(() => parseScenarioText("name: x\ncluster: [\n", "b.yaml"));
    expect(syntax.message).toMatch(/^b\.yaml is not valid YAML/);
    expect(syntax.line).toBeGreaterThan(0);
    await expect(resolveScenario("nope")).rejects.toMatchObject({ name: "ScenarioError", message: 'no scenario named "nope"' });
    await expect(resolveScenario("/no/such/file.yaml")).rejects.toMatchObject({ name: "ScenarioError", message: "cannot read scenario file /no/such/file.yaml: ENOENT" });
  });
});

describe("built-in scenarios", () => {
  it("are known by name, each a variant of the shop or a generated world", async () => {
    expect((await resolveScenario("webhook-down")).webhook.ready).toBe(false);
    expect((await resolveScenario("webhook-1.5")).webhook.version).toBe("1.5");
    expect((await resolveScenario("issuer-unreachable")).issuer.faults).toEqual({ unreachable: true });
    expect((await resolveScenario("medium")).cluster.objects.filter((o) => o["kind"] === "ServiceAccount")).toHaveLength(200);
    expect((await resolveScenario(undefined)).name).toBe("default");
  });
});
