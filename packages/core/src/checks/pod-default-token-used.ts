import type { Fix } from "../model/fix.js";
import type { Workload } from "../engine/workloads.js";
import { WI } from "../wi.js";
import { containerStrings, type ContainerString } from "./shared/kube-containers.js";
import { containerStringFix, removeEnvFix } from "../fixes/builders/index.js";
import { LAYOUTS, webhookVersion } from "./shared/kube-webhook-version.js";
import { example, SERVICE_ACCOUNT, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

const DEFAULT_DIR = WI.defaultSaTokenPath.slice(0, WI.defaultSaTokenPath.lastIndexOf("/"));
/** Env names that configure a federated token for Azure (not the API server's in-cluster config). */
const AZURE_TOKEN_ENV = /FEDERATED|CLIENT_ASSERTION|^AZURE_.*TOKEN/i;
/** Words that tie a command-line argument to Azure's token exchange. */
const AZURE_TOKEN_ARG = /federated|client[-_]?assertion|azure/i;

export const podDefaultTokenUsed = defineCheck({
  meta: {
    id: "pod-default-token-used",
    severity: "error",
    data: ["M", "K"],
    title: "The Azure SDK is pointed at the default service account token",
    condition: "config points the Azure SDK at `/var/run/secrets/kubernetes.io/serviceaccount/token`",
    symptom: "AADSTS70023 lifetime",
    description: `\`/var/run/secrets/kubernetes.io/serviceaccount/token\` is the token every pod gets for the **Kubernetes API**.
Its audience is the API server, not \`api://AzureADTokenExchange\`, and it is valid far longer than Entra ID
accepts for a client assertion, so the token exchange fails (\`AADSTS70023\`, or \`AADSTS700212\`/\`AADSTS70021\`
for the audience). The token for Azure is the one the webhook projects, with the right audience and a
lifetime of at most a day, at the path it puts in \`AZURE_FEDERATED_TOKEN_FILE\`.

The check reports \`AZURE_FEDERATED_TOKEN_FILE\` (and similar variables such as \`AZURE_CLIENT_ASSERTION_FILE\`)
set to that path, and command-line arguments that hand it to a federated or Azure login.

Fix: label the pods \`azure.workload.identity/use: "true"\`, remove the variable, and let the webhook set
it; a tool that needs the path as an argument can take \`$(AZURE_FEDERATED_TOKEN_FILE)\`.`,
    messages: {
      env: "container {container} of {workload} sets {variable} to the Kubernetes API token {actual}, which Entra ID rejects",
      arg: "container {container} of {workload} passes the Kubernetes API token {actual} to an Azure login",
    },
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
            - --azure-token-file=/var/run/secrets/kubernetes.io/serviceaccount/token   # the Kubernetes API token
`,
        ),
      ),
      good: example(),
    },
  },
  detect(ctx) {
    const tokenFile = LAYOUTS[webhookVersion(ctx.index).layout].file;
    for (const w of ctx.index.workloads) {
      for (const c of w.containers) {
        for (const s of containerStrings(c)) {
          if (!s.text.includes(DEFAULT_DIR)) continue;
          if (s.env ? !AZURE_TOKEN_ENV.test(s.env.name) : !AZURE_TOKEN_ARG.test(`${s.previous ?? ""} ${s.text}`)) continue;
          const actual = /\/var\/run\/secrets\/kubernetes\.io\/serviceaccount[^\s"'`,;=)]*/.exec(s.text)![0];
          const labelled = w.labels[WI.useLabel] === "true";
          ctx.report({
            object: w.object,
            path: s.path,
            messageId: s.env ? "env" : "arg",
            data: { container: c.name, workload: `${w.kind} ${w.namespace}/${w.name}`, variable: s.env?.name ?? "", actual },
            evidence: {
              expected: `${tokenFile} (the projected token for ${WI.audience})`,
              actual,
              ...(s.env ? { variable: s.env.name } : {}),
              ...(labelled ? {} : { note: `the pod template lacks ${WI.useLabel}: "true", so no Azure token is projected yet` }),
            },
            fixes: [fixFor(w, s, actual, tokenFile)],
            workload: w,
          });
        }
      }
    }
  },
});

function fixFor(w: Workload, s: ContainerString, actual: string, tokenFile: string): Fix {
  if (s.env?.name === WI.env.tokenFile) return removeEnvFix(w, s.container, s.env.index, s.env.name);
  const text = s.text.split(actual).join(s.env ? tokenFile : "$(AZURE_FEDERATED_TOKEN_FILE)");
  return containerStringFix(w, s, text, s.env ? `Point ${s.env.name} at the projected Azure token` : `Pass the projected Azure token to container ${s.container.name}`);
}
