import { azureRef, kubeRef } from "../engine/refs.js";
import { setField } from "../fixes/builders/index.js";
import { annotatedServiceAccounts, CLIENT_ID_PATH } from "./shared/azure-bindings.js";
import { DEPLOYMENT, example, WORLD, yamlDocuments } from "./shared/example-world.js";
import { defineCheck } from "./types.js";

export const saClientIdIsPrincipalId = defineCheck({
  meta: {
    id: "sa-client-id-is-principal-id",
    severity: "error",
    data: ["A"],
    title: "The client-id annotation holds the identity's principal id",
    condition: "`client-id` equals an identity's principal (object) id instead of its client id",
    symptom: 'AADSTS700016 "Application with identifier ... was not found"',
    description: `A user-assigned managed identity has two GUIDs: the **client id** (application id), which is what
a token request names, and the **principal id** (object id of its service principal), which is what role
assignments and Key Vault access policies name. \`az identity show\` prints both side by side, and the
portal shows "Object (principal) ID" near "Client ID", so the wrong one is easily copied. The webhook
injects the annotation's value as \`AZURE_CLIENT_ID\`, and Entra ID answers AADSTS700016 ("Application
with identifier '<principal id>' was not found in the directory").

Fix: set \`azure.workload.identity/client-id\` to the identity's client id
(\`az identity show -n <identity> -g <rg> --query clientId -o tsv\`), then restart the pods so the webhook
injects the new value.`,
    messages: {
      principal: 'ServiceAccount {sa} has client-id {value}, which is the principal (object) id of identity {identity}; its client id is {clientId}',
    },
    needs: ["kube", "azure.identities"],
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
    azure.workload.identity/client-id: ${WORLD.principalId}   # the principal (object) id, not the client id
`,
          DEPLOYMENT,
        ),
        {},
      ),
      good: example(undefined, {}),
    },
  },
  detect(ctx) {
    for (const b of annotatedServiceAccounts(ctx.index)) {
      if (b.identity) continue;
      const identity = ctx.index.identityByPrincipalId(b.clientId.trim());
      if (!identity) continue;
      ctx.report({
        object: b.sa,
        path: CLIENT_ID_PATH,
        messageId: "principal",
        data: { sa: `${b.namespace}/${b.name}`, value: b.clientId, identity: identity.name, clientId: identity.clientId },
        evidence: { expected: identity.clientId, actual: b.clientId, principalId: identity.principalId, identity: identity.id },
        fixes: [setField(b.sa, CLIENT_ID_PATH, identity.clientId, `Set the client-id annotation of ServiceAccount ${b.name} to identity ${identity.name}'s client id`)],
        ...(b.workloads[0] ? { workload: b.workloads[0] } : {}),
        related: [azureRef("ManagedIdentity", identity), ...b.workloads.slice(1).map((w) => kubeRef(w.object))],
      });
    }
  },
});
