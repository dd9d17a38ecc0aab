import type { Fix } from "../model/fix.js";
import type { Workload } from "../engine/workloads.js";
import { kubeRef } from "../engine/refs.js";
import { WI } from "../wi.js";
import { containerStrings, ownMountCovers, type ContainerString } from "./shared/kube-containers.js";
import { containerStringFix, removeEnvFix } from "../fixes/builders/index.js";
import { equivalentPath, LAYOUTS, tokenPathMentions, webhookVersion, type TokenPathMention, type WebhookVersion } from "./shared/kube-webhook-version.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck, type CheckContext } from "./types.js";

const messages = {
    otherVersion: "container {container} of {workload} hard-codes {actual}, a token path of webhook {layout}; the webhook in use ({version}) writes {expected}",
    wrongFile: "container {container} of {workload} hard-codes {actual}, which the webhook does not create; the token is {expected}",
    unknownVersion:
      "container {container} of {workload} hard-codes {actual}, the token path of webhook v1.5 and older, which breaks on v1.6 and later ({expected}); the webhook in use is not among the scanned objects",
} as const;

export const podHardcodedTokenPath = defineCheck({
  meta: {
    id: "pod-hardcoded-token-path",
    severity: "error",
    data: ["M", "K"],
    title: "A container hard-codes a token path of another webhook version",
    condition: "a container hard-codes a token path that does not match the webhook version in use (`/var/run/secrets/azure/tokens/...` vs `/var/run/secrets/azure/wi/token/...`)",
    symptom: '"no such file or directory"',
    description: `The webhook mounts the projected token and points \`AZURE_FEDERATED_TOKEN_FILE\` at it, and the place
changed in v1.6:

| webhook | volume | mount | token file |
|---|---|---|---|
| v1.6 and later | \`azure-workload-identity-reserved-<hash>\` | \`/var/run/secrets/azure/wi\` | \`/var/run/secrets/azure/wi/token/azure-identity-token\` |
| up to v1.5 | \`azure-identity-token\` | \`/var/run/secrets/azure/tokens\` | \`/var/run/secrets/azure/tokens/azure-identity-token\` |

A container that writes one of these paths itself (in \`env\`, \`command\` or \`args\`) instead of reading
\`AZURE_FEDERATED_TOKEN_FILE\` breaks when the webhook is upgraded (or the cluster moves to the AKS add-on):
the SDK or the tool reports "open /var/run/secrets/azure/tokens/azure-identity-token: no such file or
directory". A path inside the right mount but to another file is reported too.

The webhook version comes from its Deployment \`azure-wi-webhook-controller-manager\` (image tag) when the
scanned objects include it; otherwise (AKS add-on, application manifests only) the current layout (v1.6+)
is assumed and the finding says so: a v1.5 path is then a warning, since it still works where the webhook
has not been upgraded yet. A path under a volume the container mounts itself is not reported.

Fix: read the path from \`AZURE_FEDERATED_TOKEN_FILE\` (the Azure SDKs do this already) and remove the
hard-coded value; where a tool needs the path on its command line, pass \`$(AZURE_FEDERATED_TOKEN_FILE)\`.`,
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
          args:
            - --token-file=/var/run/secrets/azure/tokens/azure-identity-token   # where webhook v1.5 put it
`,
        ),
      ),
      good: example(
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
          args:
            - --token-file=$(AZURE_FEDERATED_TOKEN_FILE)   # the path the webhook injects
`,
        ),
      ),
    },
  },
  detect(ctx) {
    const version = webhookVersion(ctx.index);
    for (const w of ctx.index.workloads) {
      for (const c of w.containers) {
        for (const s of containerStrings(c)) {
          const bad = tokenPathMentions(s.text).find((m) => wrong(m, version) !== undefined && !ownMountCovers(c, m.path));
          if (bad) report(ctx, w, s, bad, version);
        }
      }
    }
  },
});

function wrong(m: TokenPathMention, version: WebhookVersion): "otherVersion" | "wrongFile" | undefined {
  if (m.layout !== version.layout) return "otherVersion";
  const layout = LAYOUTS[version.layout];
  return m.path === layout.dir || layout.files.includes(m.path) ? undefined : "wrongFile";
}

function report(ctx: CheckContext<typeof messages>, w: Workload, s: ContainerString, m: TokenPathMention, version: WebhookVersion): void {
  const problem = wrong(m, version)!;
  const expected = equivalentPath(m.path, version.layout);
  const versionText = version.version ?? "unknown: v1.6 or later assumed";
  // a v1.5 path works until the webhook is upgraded when the version in use is not known
  const unknown = problem === "otherVersion" && version.version === undefined;
  ctx.report({
    object: w.object,
    path: s.path,
    messageId: unknown ? "unknownVersion" : problem,
    ...(unknown ? { severity: "warning" as const } : {}),
    data: { container: s.container.name, workload: `${w.kind} ${w.namespace}/${w.name}`, actual: m.path, expected, layout: m.layout === "v1.6" ? "v1.6+" : "v1.5 or older", version: versionText },
    evidence: {
      expected,
      actual: m.path,
      webhookVersion: versionText,
      ...(s.env ? { variable: s.env.name } : {}),
    },
    fixes: [fixFor(w, s, m.path, expected)],
    workload: w,
    ...(version.deployment ? { related: [kubeRef(version.deployment)] } : {}),
  });
}

function fixFor(w: Workload, s: ContainerString, actual: string, expected: string): Fix {
  // the webhook sets this variable itself: dropping it is the lasting fix
  if (s.env?.name === WI.env.tokenFile && w.labels[WI.useLabel] === "true") return removeEnvFix(w, s.container, s.env.index, s.env.name);
  const text = s.text.split(actual).join(expected);
  return containerStringFix(w, s, text, s.env ? `Point ${s.env.name} of container ${s.container.name} at ${expected}` : `Use ${expected} in container ${s.container.name}`);
}
