import { describe, expect, it } from "vitest";
import { webhookAdmissionErrors } from "../../src/checks/webhook-admission-errors.js";
import { findings, runOne } from "../helpers/snapshot.js";
import { deploymentYaml, liveSnapshot } from "../helpers/live.js";

const cron = {
  apiVersion: "batch/v1",
  kind: "CronJob",
  metadata: { name: "reports", namespace: "billing", uid: "uid-cron-reports" },
  spec: { schedule: "0 2 * * *", jobTemplate: { spec: { template: { metadata: { labels: { "azure.workload.identity/use": "true" } }, spec: { serviceAccountName: "reports", restartPolicy: "OnFailure", containers: [{ name: "reports", image: "x" }] } } } } },
};
const job = {
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "reports-29500000", namespace: "billing", ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "reports", uid: "uid-cron-reports", controller: true }] },
  spec: { template: { metadata: { labels: { "azure.workload.identity/use": "true" } }, spec: { serviceAccountName: "reports", restartPolicy: "OnFailure", containers: [{ name: "reports", image: "x" }] } } },
};
const orders = deploymentYaml({ ns: "shop", name: "orders", labels: { "azure.workload.identity/use": "true" } });

const failedCalling = 'Error creating: Internal error occurred: failed calling webhook "mutation.azure-workload-identity.io": failed to call webhook: Post "https://azure-wi-webhook-webhook-service.kube-system.svc:443/mutate-v1-pod?timeout=10s": no endpoints available for service "azure-wi-webhook-webhook-service"';
const denied = 'Error creating: admission webhook "mutation.azure-workload-identity.io" denied the request: token expiration 1800 not valid. Expected value to be between 3600 and 86400';

describe("webhook-admission-errors", () => {
  it("reports each workload whose pods the webhook refused or could not be called for, linked to the check that explains it", () => {
    const f = findings(
      webhookAdmissionErrors,
      liveSnapshot({
        objects: [cron, job, orders],
        events: [
          { involvedObject: { kind: "Job", name: "reports-29500000", namespace: "billing" }, message: denied, count: 3, lastTimestamp: "2026-03-01T02:00:40Z" },
          { involvedObject: { kind: "ReplicaSet", name: "orders-7d9f8c6b5", namespace: "shop" }, message: failedCalling, count: 14, lastTimestamp: "2026-03-01T11:59:00Z" },
          { involvedObject: { kind: "ReplicaSet", name: "orders-66b7c9d8f", namespace: "shop" }, message: failedCalling, count: 2, lastTimestamp: "2026-03-01T11:40:00Z" },
        ],
      }),
    );
    expect(f.map((x) => [x.checkId, x.messageId, `${x.object.kind} ${x.object.namespace}/${x.object.name}`, x.evidence["explainedBy"], x.evidence["count"]])).toEqual([
      ["webhook-admission-errors", "denied", "CronJob billing/reports", "sa-token-expiration-invalid", 3],
      ["webhook-admission-errors", "unreachable", "Deployment shop/orders", "webhook-not-ready", 16],
    ]);
    expect(f[1]!.workload).toMatchObject({ kind: "Deployment", name: "orders" });
  });

  it("recognises a token volume met twice, and names an involved object it cannot find", () => {
    const f = findings(
      webhookAdmissionErrors,
      liveSnapshot({
        objects: [],
        events: [{ involvedObject: { kind: "StatefulSet", name: "ledger", namespace: "billing" }, message: 'create Pod ledger-0 in StatefulSet ledger failed error: Pod "ledger-0" is invalid: spec.volumes[2].name: Duplicate value: "azure-identity-token"' }],
      }),
    );
    expect(f.map((x) => [x.messageId, `${x.object.kind} ${x.object.namespace}/${x.object.name}`, x.evidence["explainedBy"]])).toEqual([["conflict", "StatefulSet billing/ledger", "webhook-double-install"]]);
  });

  it("passes events about other things, and Normal events", () => {
    expect(
      findings(
        webhookAdmissionErrors,
        liveSnapshot({
          objects: [orders],
          events: [
            { involvedObject: { kind: "Pod", name: "orders-1", namespace: "shop" }, reason: "BackOff", message: "Back-off restarting failed container app" },
            { involvedObject: { kind: "ReplicaSet", name: "orders-7d9f8c6b5", namespace: "shop" }, reason: "SuccessfulCreate", type: "Normal", message: "Created pod: orders-7d9f8c6b5-x" },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it("is not run without events", () => {
    expect(runOne(webhookAdmissionErrors, liveSnapshot({ objects: [orders], without: ["runtime.events"] })).notRun.map((n) => n.checkId)).toEqual(["webhook-admission-errors"]);
  });
});
