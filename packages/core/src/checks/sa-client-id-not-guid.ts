import type { Fix } from "../model/fix.js";
import type { KubeObject } from "../model/kube.js";
import type { ManagedIdentity } from "../model/azure.js";
import { setField, shq } from "../fixes/builders/index.js";
import { isGuid } from "../util/guid.js";
import { asRecord, getIn } from "../util/raw.js";
import { WI } from "../wi.js";
import { DEPLOYMENT, example, WORLD, yamlDocuments } from "./shared/example-world.js";
import { defineCheck, type CheckContext } from "./types.js";
import { redactSecret } from "../util/redact.js";

const PATH = ["metadata", "annotations", WI.clientIdAnnotation] as const;
const RESOURCE_ID = /\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/\s]+)/i;
const PLACEHOLDER = /\$\{|\$\(|\{\{|<[^>]*>|^\$[A-Z_]+$|changeme|change-me|replace|todo|tbd|xxx|placeholder|your[-_ ]|client[-_ ]?id/i;

const messages = {
    padded: 'ServiceAccount {sa} has client-id "{value}": a GUID with extra characters around it',
    resourceId: 'ServiceAccount {sa} has the resource id of identity "{identity}" as client-id, not its client id',
    placeholder: 'ServiceAccount {sa} has the unsubstituted placeholder "{value}" as client-id',
    notGuid: 'ServiceAccount {sa} has client-id "{value}", which is not a GUID',
} as const;

export const saClientIdNotGuid = defineCheck({
  meta: {
    id: "sa-client-id-not-guid",
    severity: "error",
    data: ["M", "K"],
    title: "The client-id annotation is not a GUID",
    condition: "`client-id` is not a GUID (placeholder text, a name)",
    symptom: "AADSTS700016",
    description: `The webhook copies \`azure.workload.identity/client-id\` into \`AZURE_CLIENT_ID\` as it is, without
checking it. Entra ID expects the managed identity's **client id**, a GUID such as
\`11111111-2222-3333-4444-555555555555\`; anything else fails the token exchange with
\`AADSTS700016: Application with identifier '...' was not found in the directory\`.

Common causes: a template placeholder that was never substituted (\`\${CLIENT_ID}\`, \`{{ .Values.clientId }}\`,
\`<client-id>\`), the identity's name or its full resource id instead of its client id, or a GUID with
surrounding spaces, quotes or braces.

Fix: set the annotation to the identity's client id:
\`az identity show -n NAME -g RG --query clientId -o tsv\`. When Azure data is loaded and the value
names an identity (by name or resource id), the fix fills in its client id.`,
    messages,
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client-id: "{${WORLD.clientId}}"   # braces, as a GUID formatter writes it
`,
          DEPLOYMENT,
        ),
      ),
      good: example(),
    },
  },
  detect(ctx) {
    for (const sa of ctx.index.byKind("ServiceAccount")) {
      const raw = asRecord(getIn(sa.raw, ["metadata", "annotations"]))[WI.clientIdAnnotation];
      if (raw === undefined || raw === null) continue;
      const value = String(raw);
      // empty is sa-client-id-missing's finding
      if (value.trim() === "" || isGuid(value)) continue;
      check(ctx, sa, value);
    }
  },
});

function check(ctx: CheckContext<typeof messages>, sa: KubeObject, value: string): void {
  const name = `${sa.namespace}/${sa.name}`;
  const stripped = value.trim().replace(/^["'{(\s]+|["'})\s]+$/g, "");
  const resource = RESOURCE_ID.exec(value);
  let message: "padded" | "resourceId" | "placeholder" | "notGuid";
  let identity: ManagedIdentity | undefined;
  const fixes: Fix[] = [];
  if (isGuid(stripped)) {
    message = "padded";
    fixes.push(setField(sa, PATH, stripped, `Set client-id to ${stripped}`));
  } else if (resource) {
    message = "resourceId";
    identity = ctx.index.identityById(value.trim().replace(/\/+$/, ""));
  } else {
    message = PLACEHOLDER.test(value) ? "placeholder" : "notGuid";
    identity = ctx.index.identitiesNamed(value.trim())[0];
  }
  if (identity) fixes.push(setField(sa, PATH, identity.clientId, `Set client-id to the client id of identity ${identity.name}`));
  else if (message !== "padded") fixes.push(annotateFromAzure(sa, resource ? value.trim() : undefined));
  const user = ctx.index.workloadsOf(sa.namespace ?? "default", sa.name)[0];
  ctx.report({
    object: sa,
    path: [...PATH],
    messageId: message,
    // A client secret pasted where the client id belongs is a common mix-up: never echo it.
    data: { sa: name, value: redactSecret(value), identity: resource?.[1] ?? "" },
    evidence: {
      expected: "the client id (a GUID) of a user-assigned managed identity",
      actual: redactSecret(value),
      ...(identity ? { identity: identity.name, identityClientId: identity.clientId } : {}),
    },
    fixes,
    ...(user ? { workload: user } : {}),
  });
}

/** Looks the client id up with the Azure CLI and writes it to the ServiceAccount. */
function annotateFromAzure(sa: KubeObject, resourceId: string | undefined): Fix {
  const lookup = resourceId ? `az identity show --ids ${shq(resourceId)} --query clientId -o tsv` : "az identity show -n IDENTITY_NAME -g RESOURCE_GROUP --query clientId -o tsv";
  return {
    title: `Annotate ServiceAccount ${sa.name} with the identity's client id`,
    snippet: {
      language: "shell",
      text: `kubectl annotate serviceaccount ${shq(sa.name)} -n ${sa.namespace ?? "default"} --overwrite \\\n  ${WI.clientIdAnnotation}="$(${lookup})"`,
    },
    kind: "suggestion",
    plans: [],
    choices: [{ what: "client-id", question: "Which managed identity should the ServiceAccount use (its client id)?" }],
  };
}
