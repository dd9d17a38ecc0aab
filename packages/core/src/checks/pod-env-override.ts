import type { KubeObject } from "../model/kube.js";
import type { ContainerView, Workload } from "../engine/workloads.js";
import { kubeRef } from "../engine/refs.js";
import type { SnapshotIndex } from "../engine/snapshot-index.js";
import { asRecord, getIn } from "../util/raw.js";
import { sameGuid } from "../util/guid.js";
import { WI } from "../wi.js";
import { envOf, mutatedContainers, underOwnAzureTokenMount, type EnvEntry } from "./shared/kube-containers.js";
import { removeEnvFix } from "../fixes/builders/index.js";
import { saClientId } from "./shared/kube-use-label.js";
import { LAYOUTS, tokenPathMentions, webhookVersion } from "./shared/kube-webhook-version.js";
import { labelledWorkloads } from "./shared/workload-identity.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck, type CheckContext } from "./types.js";
import { redactSecret } from "../util/redact.js";

const DEFAULT_SA_TOKEN_DIR = WI.defaultSaTokenPath.slice(0, WI.defaultSaTokenPath.lastIndexOf("/"));

const messages = {
    differs: "container {container} of {workload} sets {env}={value}, but the webhook would inject {expected}",
    empty: "container {container} of {workload} sets {env} to an empty value, which stops the webhook from injecting it",
} as const;

export const podEnvOverride = defineCheck({
  meta: {
    id: "pod-env-override",
    severity: "warning",
    data: ["M", "K"],
    title: "A container hard-codes the identity environment variables",
    condition: "a container sets `AZURE_CLIENT_ID`/`AZURE_TENANT_ID`/`AZURE_FEDERATED_TOKEN_FILE` itself, different from what the webhook would inject",
    symptom: "hard-coded identity wins",
    description: `The webhook adds \`AZURE_CLIENT_ID\`, \`AZURE_TENANT_ID\`, \`AZURE_FEDERATED_TOKEN_FILE\` and \`AZURE_AUTHORITY_HOST\` to each
container **only when the container does not define them already**. A value written in the manifest
therefore wins over the ServiceAccount's annotations: after the identity is changed on the ServiceAccount,
the pods keep presenting the old client id (\`AADSTS700016\`, or \`AADSTS70021\` because no federated
credential of that identity trusts the ServiceAccount), or another tenant, or a token file that does not
exist. An entry with an empty value is worse: it blocks the injection and leaves the variable empty.

Values equal to what the webhook would inject are not reported, nor containers listed in
\`azure.workload.identity/skip-containers\` (the webhook leaves them alone), nor a token file inside a
token volume the pod projects itself. Token paths of another webhook version and the Kubernetes API
token are reported by pod-hardcoded-token-path and pod-default-token-used.

Fix: remove the variables from the container and let the webhook inject them from the ServiceAccount
(\`kubectl set env deployment/NAME -c CONTAINER AZURE_CLIENT_ID-\`).`,
    messages,
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          SERVICE_ACCOUNT,
          `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        azure.workload.identity/use: "true"
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
          env:
            - name: AZURE_CLIENT_ID
              value: 99999999-2222-4333-8444-555555555555   # an older identity, not the ServiceAccount's
`,
        ),
      ),
      good: example(),
    },
  },
  detect(ctx) {
    const config = webhookTenant(ctx.index);
    const tokenFile = LAYOUTS[webhookVersion(ctx.index).layout].file;
    for (const w of labelledWorkloads(ctx.index)) {
      const sa = ctx.index.serviceAccount(w.namespace, w.serviceAccountName);
      const expected: Record<string, string | undefined> = {
        [WI.env.clientId]: sa ? saClientId(sa) : undefined,
        [WI.env.tenantId]: tenantFor(sa, config),
        [WI.env.tokenFile]: tokenFile,
      };
      for (const c of mutatedContainers(w)) {
        for (const env of envOf(c)) {
          if (!(env.name in expected) || env.fromRef) continue;
          const want = expected[env.name];
          const value = env.value ?? "";
          if (value !== "") {
            if (want === undefined || same(env.name, value, want)) continue;
            // other token paths are told apart by the checks that own them
            if (env.name === WI.env.tokenFile && (tokenPathMentions(value).length > 0 || value.includes(DEFAULT_SA_TOKEN_DIR) || underOwnAzureTokenMount(w, c, value))) continue;
          }
          report(ctx, w, c, env, value, want, sa);
        }
      }
    }
  },
});

function same(name: string, value: string, want: string): boolean {
  return name === WI.env.tokenFile ? value === want : sameGuid(value.trim(), want.trim());
}

function report(ctx: CheckContext<typeof messages>, w: Workload, c: ContainerView, env: EnvEntry, value: string, want: string | undefined, sa: KubeObject | undefined): void {
  ctx.report({
    object: w.object,
    path: [...c.path, "env", env.index, ...(env.value === undefined ? [] : ["value"])],
    messageId: value === "" ? "empty" : "differs",
    data: { container: c.name, workload: `${w.kind} ${w.namespace}/${w.name}`, env: env.name, value: redactSecret(value), expected: want ?? "" },
    evidence: { expected: want ?? "the value the webhook injects", actual: redactSecret(value), container: c.name, variable: env.name },
    fixes: [removeEnvFix(w, c, env.index, env.name)],
    workload: w,
    ...(sa ? { related: [kubeRef(sa)] } : {}),
  });
}

/** The webhook's default tenant, when its ConfigMap is among the objects. */
function webhookTenant(index: SnapshotIndex): string | undefined {
  for (const cm of index.byKind("ConfigMap")) {
    if (cm.name !== WI.webhookConfigMap) continue;
    const v = asRecord(getIn(cm.raw, ["data"]))["AZURE_TENANT_ID"];
    if (typeof v === "string" && v.trim() !== "") return v.trim();
  }
  return undefined;
}

/** The tenant the webhook injects: the ServiceAccount's annotation when present (even empty), else its default. */
function tenantFor(sa: KubeObject | undefined, fallback: string | undefined): string | undefined {
  const annotations = asRecord(getIn(sa?.raw, ["metadata", "annotations"]));
  if (WI.tenantIdAnnotation in annotations) {
    const v = String(annotations[WI.tenantIdAnnotation] ?? "").trim();
    return v === "" ? undefined : v;
  }
  return fallback;
}
