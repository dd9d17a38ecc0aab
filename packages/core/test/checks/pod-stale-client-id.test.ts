import { describe, expect, it } from "vitest";
import { podStaleClientId } from "../../src/checks/pod-stale-client-id.js";
import { stringify } from "yaml";
import { findings } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";
import { deploymentYaml, liveSnapshot, podYaml, serviceAccountYaml } from "../helpers/live.js";

const OLD = "11111111-2222-4333-8444-555555555555";
const NEW = "99999999-8888-4777-8666-555555555555";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OTHER_TENANT = "0b9d1c3e-5a4f-4e21-9c3d-8f7e6a5b4c3d";
const USE = { "azure.workload.identity/use": "true" };
const orders = { ns: "shop", name: "orders", labels: USE, replicas: 2 };
const webhookConfig = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "azure-wi-webhook-config", namespace: "kube-system" }, data: { AZURE_TENANT_ID: TENANT } };

describe("pod-stale-client-id", () => {
  it("reports pods still using the client id the ServiceAccount named when they were created", () => {
    const f = findings(
      podStaleClientId,
      liveSnapshot({ objects: [webhookConfig, serviceAccountYaml("shop", "orders", { "azure.workload.identity/client-id": NEW }), deploymentYaml(orders), podYaml(orders, 0, { clientId: OLD, tenantId: TENANT }), podYaml(orders, 1, { clientId: OLD, tenantId: TENANT })] }),
    );
    expect(f.map((x) => [x.checkId, x.messageId, `${x.object.kind} ${x.object.namespace}/${x.object.name}`])).toEqual([["pod-stale-client-id", "clientId", "Deployment shop/orders"]]);
    expect(f[0]!.evidence).toMatchObject({ expected: `AZURE_CLIENT_ID=${NEW}`, actual: `AZURE_CLIENT_ID=${OLD}` });
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ target: "cluster", steps: [{ op: "rollout-restart" }] });
  });

  it("reports a tenant that changed, and a client id the ServiceAccount no longer names", () => {
    const tenant = findings(
      podStaleClientId,
      liveSnapshot({ objects: [webhookConfig, serviceAccountYaml("shop", "orders", { "azure.workload.identity/client-id": OLD, "azure.workload.identity/tenant-id": OTHER_TENANT }), deploymentYaml(orders), podYaml(orders, 0, { clientId: OLD, tenantId: TENANT })] }),
    );
    expect(tenant.map((x) => x.messageId)).toEqual(["tenantId"]);
    const removed = findings(podStaleClientId, liveSnapshot({ objects: [serviceAccountYaml("shop", "orders"), deploymentYaml(orders), podYaml(orders, 0, { clientId: OLD })] }));
    expect(removed.map((x) => x.messageId)).toEqual(["clientIdRemoved"]);
  });

  it("passes current pods, a client id the template sets itself, and unmutated pods", () => {
    const sa = serviceAccountYaml("shop", "orders", { "azure.workload.identity/client-id": NEW });
    expect(findings(podStaleClientId, liveSnapshot({ objects: [webhookConfig, sa, deploymentYaml(orders), podYaml(orders, 0, { clientId: NEW.toUpperCase(), tenantId: TENANT })] }))).toEqual([]);
    const own = { ...orders, env: [{ name: "AZURE_CLIENT_ID", value: OLD }] };
    expect(findings(podStaleClientId, liveSnapshot({ objects: [webhookConfig, sa, deploymentYaml(own), podYaml(own, 0, { clientId: OLD, tenantId: TENANT })] }))).toEqual([]);
    expect(findings(podStaleClientId, liveSnapshot({ objects: [webhookConfig, sa, deploymentYaml(orders), podYaml(orders, 0, { unmutated: true })] }))).toEqual([]);
  });
});

const cluster = (...objects: Record<string, unknown>[]) => ({ "cluster.yaml": objects.map((o) => stringify(o)).join("---\n") });

testCheck(podStaleClientId, {
  valid: [{ name: "pods with the ServiceAccount's current client id", live: true, manifests: cluster(webhookConfig, serviceAccountYaml("shop", "orders", { "azure.workload.identity/client-id": NEW }), deploymentYaml(orders), podYaml(orders, 0, { clientId: NEW, tenantId: TENANT })) }],
  invalid: [
    {
      name: "pods that kept the old client id: a rollout restart",
      live: true,
      manifests: cluster(webhookConfig, serviceAccountYaml("shop", "orders", { "azure.workload.identity/client-id": NEW }), deploymentYaml(orders), podYaml(orders, 0, { clientId: OLD, tenantId: TENANT })),
      findings: [{ messageId: "clientId", object: "Deployment shop/orders", at: "cluster.yaml:17:1-42:23", clusterPlan: [{ op: "rollout-restart", object: { kind: "Deployment", namespace: "shop", name: "orders" } }] }],
      output: null,
    },
  ],
});
