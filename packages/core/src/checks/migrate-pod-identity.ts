import { stringify } from "yaml";
import type { Fix } from "../model/fix.js";
import type { KubeObject, ObjectRef } from "../model/kube.js";
import type { ManagedIdentity } from "../model/azure.js";
import { kubeRef } from "../engine/refs.js";
import { podPath, type Workload } from "../engine/workloads.js";
import { combineFixes, createFederatedCredential, manualFix, setField, shq, suggestion } from "../fixes/builders/index.js";
import { asRecord, asString } from "../util/raw.js";
import { WI, expectedSubject } from "../wi.js";
import { ficNameFor } from "./shared/azure-fic.js";
import { saClientId } from "./shared/kube-use-label.js";
import { example, identityId, WORLD, yamlDocuments } from "./shared/example-world.js";
import { defineCheck, type CheckContext } from "./types.js";

const POD_LABEL = "aadpodidbinding";
const IDENTITY_SEGMENT = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)/i;

const messages = {
    workload: '{workload} still uses aad-pod-identity (aadpodidbinding: "{selector}"{resolved})',
    leftover: '{workload} runs on workload identity but keeps the aad-pod-identity label aadpodidbinding: "{selector}"',
    identity: "AzureIdentity {identity} (client id {clientId}) is a leftover of aad-pod-identity: no scanned workload uses it",
    binding: 'AzureIdentityBinding {binding} (selector "{selector}") is a leftover of aad-pod-identity',
} as const;

export const migratePodIdentity = defineCheck({
  meta: {
    id: "migrate-pod-identity",
    severity: "warning",
    data: ["M", "K"],
    title: "Workloads still use deprecated aad-pod-identity",
    condition: "pods labelled `aadpodidbinding`, or AzureIdentity/AzureIdentityBinding objects present",
    symptom: "still on deprecated aad-pod-identity; fix proposes SA annotation + FIC",
    description: `AAD Pod Identity (\`aadpodidbinding\` pod labels, \`AzureIdentity\` and \`AzureIdentityBinding\` objects, the NMI
DaemonSet intercepting IMDS) was deprecated in 2022 and its AKS add-on is retired; it no longer receives
fixes. Workload identity replaces it: the same user-assigned managed identity can be used, trusted through a
federated identity credential instead of being assigned to the nodes.

For each labelled workload the finding names the binding and identity it resolves to (by the label's
selector, then the binding's \`azureIdentity\`), and the fix proposes the three steps of the migration:

1. annotate the workload's ServiceAccount with the identity's client id
   (\`azure.workload.identity/client-id\`, taken from the AzureIdentity's \`clientID\`);
2. label the pod template \`azure.workload.identity/use: "true"\`;
3. create a federated identity credential on the identity for the cluster's OIDC issuer and the subject
   \`system:serviceaccount:<namespace>:<serviceaccount>\`.

Keep the \`aadpodidbinding\` label until the workload runs on workload identity, then remove it and the
AzureIdentity/AzureIdentityBinding objects; a workload already on workload identity (labelled pods, an
annotated ServiceAccount) that still carries the label gets just that fix. Applications that call IMDS directly (old SDKs) need an SDK with
workload identity support, or the proxy sidecar (\`azure.workload.identity/inject-proxy-sidecar\`) meanwhile.
AzureIdentity objects that no scanned workload uses are reported on their own.`,
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
`,
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
        aadpodidbinding: web-identity   # AAD Pod Identity, retired
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: contoso.azurecr.io/web:1.4.2
`,
          `apiVersion: aadpodidentity.k8s.io/v1
kind: AzureIdentity
metadata:
  name: web-identity
  namespace: prod
spec:
  type: 0
  resourceID: ${identityId()}
  clientID: ${WORLD.clientId}
`,
          `apiVersion: aadpodidentity.k8s.io/v1
kind: AzureIdentityBinding
metadata:
  name: web-identity-binding
  namespace: prod
spec:
  azureIdentity: web-identity
  selector: web-identity
`,
        ),
      ),
      good: example(),
    },
  },
  detect(ctx) {
    const identities = ctx.index.byKind("AzureIdentity");
    const bindings = ctx.index.byKind("AzureIdentityBinding");
    const used = new Set<KubeObject>();
    for (const w of ctx.index.workloads) {
      const selector = w.labels[POD_LABEL];
      if (selector === undefined) continue;
      const binding = nearest(bindings.filter((b) => spec(b, "selector") === selector), w.namespace);
      const identityName = binding ? spec(binding, "azureIdentity") : undefined;
      const identity = identityName === undefined ? undefined : nearest(identities.filter((i) => i.name === identityName), binding?.namespace ?? w.namespace);
      for (const o of [binding, identity]) if (o) used.add(o);
      reportWorkload(ctx, w, selector, binding, identity);
    }
    for (const identity of identities) {
      if (used.has(identity)) continue;
      const clientId = spec(identity, "clientID") ?? "";
      ctx.report({
        object: identity,
        path: ["spec"],
        messageId: "identity",
        data: { identity: `${identity.namespace}/${identity.name}`, clientId },
        evidence: { expected: "workload identity: a ServiceAccount annotated with the client id", actual: "AzureIdentity", clientId, resourceID: spec(identity, "resourceID") ?? "" },
        fixes: [deleteObjects([identity, ...bindings.filter((b) => spec(b, "azureIdentity") === identity.name && b.namespace === identity.namespace)])],
      });
    }
    for (const binding of bindings) {
      if (used.has(binding) || identities.some((i) => i.name === spec(binding, "azureIdentity") && i.namespace === binding.namespace)) continue;
      ctx.report({
        object: binding,
        path: ["spec"],
        messageId: "binding",
        data: { binding: `${binding.namespace}/${binding.name}`, selector: spec(binding, "selector") ?? "" },
        evidence: { expected: "no aad-pod-identity objects", actual: "AzureIdentityBinding", selector: spec(binding, "selector") ?? "", azureIdentity: spec(binding, "azureIdentity") ?? "" },
        fixes: [deleteObjects([binding])],
      });
    }
  },
});

/** A field of an aad-pod-identity object's spec; its CRDs accepted `clientID` and `ClientID` alike. */
function spec(o: KubeObject, field: string): string | undefined {
  const s = asRecord(o.raw["spec"]);
  const key = Object.keys(s).find((k) => k.toLowerCase() === field.toLowerCase());
  return key === undefined ? undefined : asString(s[key]);
}

/** The object in `namespace`, else any: bindings match pods across namespaces unless forced otherwise. */
function nearest(objects: KubeObject[], namespace: string): KubeObject | undefined {
  return objects.find((o) => o.namespace === namespace) ?? objects[0];
}

/** Whether the workload already runs on workload identity: labelled pods, and a ServiceAccount with a client-id. */
function onWorkloadIdentity(ctx: CheckContext<typeof messages>, w: Workload): boolean {
  const sa = ctx.index.serviceAccount(w.namespace, w.serviceAccountName);
  return w.labels[WI.useLabel] === "true" && sa !== undefined && saClientId(sa) !== undefined;
}

function reportWorkload(ctx: CheckContext<typeof messages>, w: Workload, selector: string, binding: KubeObject | undefined, identity: KubeObject | undefined): void {
  if (onWorkloadIdentity(ctx, w)) {
    ctx.report({
      object: w.object,
      path: podPath(w, "metadata", "labels", POD_LABEL),
      key: true,
      messageId: "leftover",
      data: { workload: `${w.kind} ${w.namespace}/${w.name}`, selector },
      evidence: { expected: `no ${POD_LABEL} label`, actual: `${POD_LABEL}: ${selector}`, onWorkloadIdentity: true },
      fixes: [setField(w.object, podPath(w, "metadata", "labels", POD_LABEL), undefined, `Remove the ${POD_LABEL} label from ${w.kind} ${w.name}`)],
      workload: w,
    });
    return;
  }
  const clientId = identity ? spec(identity, "clientID") : undefined;
  const resourceId = identity ? spec(identity, "resourceID") : undefined;
  const azure = (clientId ? ctx.index.identityByClientId(clientId) : undefined) ?? (resourceId ? ctx.index.identityById(resourceId) : undefined);
  const related: ObjectRef[] = [binding, identity].filter((o): o is KubeObject => o !== undefined).map((o) => kubeRef(o));
  const resolved = identity ? `, identity ${identity.name}${clientId ? ` with client id ${clientId}` : ""}` : binding ? `, binding ${binding.name}` : ", no AzureIdentityBinding scanned";
  ctx.report({
    object: w.object,
    path: podPath(w, "metadata", "labels", POD_LABEL),
    key: true,
    messageId: "workload",
    data: { workload: `${w.kind} ${w.namespace}/${w.name}`, selector, resolved },
    evidence: {
      expected: `${WI.useLabel}: "true" and ServiceAccount ${w.namespace}/${w.serviceAccountName} annotated with ${WI.clientIdAnnotation}`,
      actual: `${POD_LABEL}: ${selector}`,
      ...(binding ? { azureIdentityBinding: `${binding.namespace}/${binding.name}` } : {}),
      ...(identity ? { azureIdentity: `${identity.namespace}/${identity.name}` } : {}),
      ...(clientId ? { clientId } : {}),
      ...(resourceId ? { resourceID: resourceId } : {}),
    },
    fixes: [switchToWorkloadIdentity(ctx, w, clientId), trustServiceAccount(ctx, w, azure, resourceId)],
    workload: w,
    ...(related.length ? { related } : {}),
  });
}

function switchToWorkloadIdentity(ctx: CheckContext<typeof messages>, w: Workload, clientId: string | undefined): Fix {
  const value = clientId ?? "<client id: az identity show -n NAME -g RG --query clientId -o tsv>";
  const sa = ctx.index.serviceAccount(w.namespace, w.serviceAccountName);
  const title = `Use workload identity for ${w.kind} ${w.name}: annotate ServiceAccount ${w.serviceAccountName} and label the pods`;
  const snippet = {
    language: "yaml" as const,
    text: [
      stringify({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: w.serviceAccountName, namespace: w.namespace, annotations: { [WI.clientIdAnnotation]: value } } }),
      stringify({ apiVersion: w.object.apiVersion, kind: w.kind, metadata: { name: w.name, namespace: w.namespace }, ...nestTemplateLabel(w) }),
    ]
      .join("---\n")
      .trimEnd(),
  };
  const label = setField(w.object, podPath(w, "metadata", "labels", WI.useLabel), "true", "");
  // the default ServiceAccount is shared by every pod of the namespace: name a dedicated one by hand
  if (!sa || !clientId || w.serviceAccountName === "default") return suggestion(title, snippet, [{ what: "service-account", question: `Which ServiceAccount should ${w.kind} ${w.name} run as, annotated with which identity's client id?` }]);
  return combineFixes(title, [setField(sa, ["metadata", "annotations", WI.clientIdAnnotation], clientId, ""), label], snippet);
}

function nestTemplateLabel(w: Workload): Record<string, unknown> {
  let out: Record<string, unknown> = { metadata: { labels: { [WI.useLabel]: "true" } }, spec: { serviceAccountName: w.serviceAccountName } };
  if (w.templatePath.length === 0) return out;
  for (let i = w.templatePath.length - 1; i >= 0; i--) out = { [String(w.templatePath[i])]: out };
  return out;
}

function trustServiceAccount(ctx: CheckContext<typeof messages>, w: Workload, identity: ManagedIdentity | undefined, resourceId: string | undefined): Fix {
  const subject = expectedSubject(w.namespace, w.serviceAccountName);
  const name = ficNameFor(w.namespace, w.serviceAccountName, identity ? ctx.index.ficsOf(identity) : []);
  const issuer = ctx.index.cluster?.issuerUrl;
  if (identity && issuer) return createFederatedCredential(identity, { name, issuer, subject });
  const parts = resourceId ? IDENTITY_SEGMENT.exec(resourceId) : null;
  const command = [
    "az identity federated-credential create",
    `--name ${shq(name)}`,
    `--identity-name ${shq(identity?.name ?? parts?.[2] ?? "IDENTITY_NAME")}`,
    `--resource-group ${shq(identity?.resourceGroup ?? parts?.[1] ?? "RESOURCE_GROUP")}`,
    `--issuer ${issuer ? shq(issuer) : '"$(az aks show -n CLUSTER -g CLUSTER_RG --query oidcIssuerProfile.issuerUrl -o tsv)"'}`,
    `--subject ${subject}`,
    `--audiences ${WI.audience}`,
  ].join(" \\\n  ");
  return suggestion(`Trust ServiceAccount ${w.namespace}/${w.serviceAccountName} from the identity`, { language: "shell", text: command }, [
    ...(identity ? [] : [{ what: "identity" as const, question: "Which managed identity should the workload use?" }]),
    ...(issuer ? [] : [{ what: "issuer" as const, question: "Which OIDC issuer URL does the cluster issue its tokens with?" }]),
  ]);
}

function deleteObjects(objects: KubeObject[]): Fix {
  return manualFix("Delete the aad-pod-identity objects once no workload needs them", {
    language: "shell",
    text: objects.map((o) => `kubectl delete ${o.kind.toLowerCase()} ${shq(o.name)} -n ${o.namespace ?? "default"}`).join("\n"),
  });
}
