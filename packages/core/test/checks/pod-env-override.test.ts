import { describe, expect, it } from "vitest";
import { valueDigest } from "../../src/util/digest.js";
import { podEnvOverride } from "../../src/checks/pod-env-override.js";
import { findings, where } from "../helpers/snapshot.js";
import { testCheck } from "../helpers/check-tester.js";

const CLIENT = "11111111-2222-3333-4444-555555555555";
const TENANT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client-id: ${CLIENT}
`;
const deployment = (env: string, opts: { label?: string; annotations?: string; extra?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    metadata:
      labels:
        azure.workload.identity/use: ${opts.label ?? '"true"'}
${opts.annotations ?? ""}    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: app
          env:
${env}${opts.extra ?? ""}`;

describe("pod-env-override", () => {
  it("flags an AZURE_CLIENT_ID that differs from the ServiceAccount's client-id, at its value", () => {
    const f = findings(podEnvOverride, { manifests: { "sa.yaml": SA, "deploy.yaml": deployment("            - name: AZURE_CLIENT_ID\n              value: 99999999-0000-0000-0000-000000000000\n") } });
    expect(f.map(where)).toEqual(["pod-env-override Deployment prod/web @ deploy.yaml:18:22"]);
    expect(f[0]!.evidence).toMatchObject({ expected: CLIENT, actual: "99999999-0000-0000-0000-000000000000", container: "app" });
    expect(f[0]!.fixes[0]!.plans).toEqual([
      {
        target: "manifest",
        file: "deploy.yaml",
        edits: [
          {
            documentIndex: 0,
            path: ["spec", "template", "spec", "containers", { name: "app" }, "env", { name: "AZURE_CLIENT_ID" }],
            op: "delete",
            expect: { digest: valueDigest({ name: "AZURE_CLIENT_ID", value: "99999999-0000-0000-0000-000000000000" }) },
          },
        ],
      },
    ]);
    expect(f[0]!.fixes[0]!.snippet!.text).toBe("kubectl set env deployment/web -n prod -c app AZURE_CLIENT_ID-");
  });

  it("never quotes a token or secret pasted into a variable, in the message or the evidence", () => {
    const jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cHJvZDphcHAifQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU";
    const f = findings(podEnvOverride, { manifests: { "sa.yaml": SA, "deploy.yaml": deployment(`            - name: AZURE_CLIENT_ID\n              value: ${jwt}\n`) } });
    expect(f.map(where)).toEqual(["pod-env-override Deployment prod/web @ deploy.yaml:18:22"]);
    expect(JSON.stringify(f)).not.toContain(jwt.split(".")[1]);
    expect(f[0]!.evidence["actual"]).toMatch(/^eyJhbG…<redacted, \d+ chars>$/);
  });

  it("flags an empty value, which blocks the injection, and an entry without a value", () => {
    const f = findings(podEnvOverride, {
      manifests: { "sa.yaml": SA, "deploy.yaml": deployment('            - name: AZURE_CLIENT_ID\n              value: ""\n            - name: AZURE_TENANT_ID\n') },
    });
    expect(f.map(where)).toEqual(["pod-env-override Deployment prod/web @ deploy.yaml:18:22", "pod-env-override Deployment prod/web @ deploy.yaml:19:15"]);
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining("empty value"), expect.stringContaining("empty value")]);
  });

  it("compares the tenant with the ServiceAccount's tenant-id, else the webhook ConfigMap", () => {
    const env = "            - name: AZURE_TENANT_ID\n              value: 00000000-0000-0000-0000-00000000000f\n";
    const config = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: azure-wi-webhook-config\n  namespace: kube-system\ndata:\n  AZURE_TENANT_ID: ${TENANT}\n`;
    expect(findings(podEnvOverride, { manifests: { "sa.yaml": SA, "cm.yaml": config, "deploy.yaml": deployment(env) } }).map(where)).toEqual([
      "pod-env-override Deployment prod/web @ deploy.yaml:18:22",
    ]);
    const saTenant = `${SA}    azure.workload.identity/tenant-id: ${TENANT}\n`;
    expect(findings(podEnvOverride, { manifests: { "sa.yaml": saTenant, "deploy.yaml": deployment(env) } })[0]!.evidence["expected"]).toBe(TENANT);
    // unknown default tenant: nothing to compare with
    expect(findings(podEnvOverride, { manifests: { "sa.yaml": SA, "deploy.yaml": deployment(env) } })).toEqual([]);
  });

  it("flags a token file elsewhere, in init containers of a CronJob too", () => {
    const f = findings(podEnvOverride, {
      manifests: {
        "sa.yaml": SA,
        "cron.yaml": `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: prod }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata:
          labels: { azure.workload.identity/use: "true" }
        spec:
          serviceAccountName: app
          initContainers:
            - name: fetch
              image: fetch
              env: [{ name: AZURE_FEDERATED_TOKEN_FILE, value: /tmp/token }]
          containers: [{ name: job, image: job }]
`,
      },
    });
    expect(f.map(where)).toEqual(["pod-env-override CronJob prod/nightly @ cron.yaml:16:64"]);
    expect(f[0]!.fixes[0]!.plans[0]).toMatchObject({ edits: [{ path: ["spec", "jobTemplate", "spec", "template", "spec", "initContainers", { name: "fetch" }, "env", { name: "AZURE_FEDERATED_TOKEN_FILE" }], op: "delete" }] });
  });

  it("replaces a Job, whose pod template cannot change, to remove the variable", () => {
    const job = deployment("            - name: AZURE_CLIENT_ID\n              value: 99999999-0000-0000-0000-000000000000\n")
      .replace("apps/v1\nkind: Deployment", "batch/v1\nkind: Job")
      .replace("      containers:", "      restartPolicy: Never\n      containers:");
    const f = findings(podEnvOverride, { manifests: { "sa.yaml": SA, "job.yaml": job } });
    expect(f.map(where)).toEqual(["pod-env-override Job prod/web @ job.yaml:19:22"]);
    expect(f[0]!.fixes[0]!.snippet!.text).toBe(
      "kubectl get job web -n prod -o yaml \\\n  | kubectl set env --local -f - -c app AZURE_CLIENT_ID- -o yaml \\\n  | kubectl replace --force -f -",
    );
  });

  it("passes equal values, skipped containers, own token volumes, references and unlabelled workloads", () => {
    const same = `            - name: AZURE_CLIENT_ID\n              value: ${CLIENT.toUpperCase()}\n            - name: AZURE_FEDERATED_TOKEN_FILE\n              value: /var/run/secrets/azure/wi/token/azure-identity-token\n`;
    expect(findings(podEnvOverride, { manifests: { "sa.yaml": SA, "d.yaml": deployment(same) } })).toEqual([]);
    const other = "            - name: AZURE_CLIENT_ID\n              value: 99999999-0000-0000-0000-000000000000\n";
    expect(findings(podEnvOverride, { manifests: { "sa.yaml": SA, "d.yaml": deployment(other, { annotations: "      annotations:\n        azure.workload.identity/skip-containers: app\n" }) } })).toEqual([]);
    expect(findings(podEnvOverride, { manifests: { "sa.yaml": SA, "d.yaml": deployment(other, { label: '"false"' }) } })).toEqual([]);
    expect(
      findings(podEnvOverride, {
        manifests: { "sa.yaml": SA, "d.yaml": deployment("            - name: AZURE_CLIENT_ID\n              valueFrom: { secretKeyRef: { name: s, key: k } }\n") },
      }),
    ).toEqual([]);
    const ownToken = deployment("            - name: AZURE_FEDERATED_TOKEN_FILE\n              value: /var/run/secrets/tokens/azure\n", {
      extra: `          volumeMounts: [{ name: tok, mountPath: /var/run/secrets/tokens }]
      volumes:
        - name: tok
          projected:
            sources: [{ serviceAccountToken: { path: azure, audience: api://AzureADTokenExchange } }]
`,
    });
    expect(findings(podEnvOverride, { manifests: { "sa.yaml": SA, "d.yaml": ownToken } })).toEqual([]);
    // other token layouts belong to pod-hardcoded-token-path and pod-default-token-used
    const layouts = "            - name: AZURE_FEDERATED_TOKEN_FILE\n              value: /var/run/secrets/azure/tokens/azure-identity-token\n";
    expect(findings(podEnvOverride, { manifests: { "sa.yaml": SA, "d.yaml": deployment(layouts) } })).toEqual([]);
    // no ServiceAccount: the client id the webhook would inject is unknown
    expect(findings(podEnvOverride, { manifests: { "d.yaml": deployment(other) } })).toEqual([]);
  });
});

testCheck(podEnvOverride, {
  valid: [{ name: "the ServiceAccount's client id", manifests: { "sa.yaml": SA, "d.yaml": deployment(`            - name: AZURE_CLIENT_ID\n              value: ${CLIENT}\n`) } }],
  invalid: [
    {
      name: "another client id: the entry removed, so the webhook injects the ServiceAccount's; the other variables kept",
      manifests: {
        "sa.yaml": SA,
        "d.yaml": deployment("            - name: LOG_LEVEL\n              value: info\n            - name: AZURE_CLIENT_ID\n              value: 99999999-0000-0000-0000-000000000000   # the old identity\n            - name: PORT\n              value: \"8080\"\n"),
      },
      findings: [{ messageId: "differs", object: "Deployment prod/web", at: "d.yaml:20:22-20:58" }],
      output: { "d.yaml": deployment('            - name: LOG_LEVEL\n              value: info\n            - name: PORT\n              value: "8080"\n') },
    },
  ],
});
