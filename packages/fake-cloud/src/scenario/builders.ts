import { createHash } from "node:crypto";
import type { AzFederatedCredential, AzIdentity, AzKeyVault, AzManagedCluster, AzRoleAssignment, JsonObject } from "./types.js";

/** A stable GUID from a seed: scenarios are the same on every start. */
export function guidFrom(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Built-in role definition ids (the same in every tenant). */
export const ROLES = {
  reader: { id: "acdd72a7-3385-48ef-bd42-f606fba81ae7", name: "Reader" },
  contributor: { id: "b24988ac-6180-42a0-ab88-20f7382dd24c", name: "Contributor" },
  managedIdentityContributor: { id: "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59", name: "Managed Identity Contributor" },
  userAccessAdministrator: { id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", name: "User Access Administrator" },
  keyVaultSecretsUser: { id: "4633458b-17de-408a-b874-0445c86b69e6", name: "Key Vault Secrets User" },
  storageBlobDataReader: { id: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", name: "Storage Blob Data Reader" },
} as const;

/** Azure resources in the shapes the Azure CLI prints them. */
export class AzureBuilder {
  constructor(
    readonly tenantId: string,
    readonly subscriptionId: string,
    readonly location = "eastus",
  ) {}

  rgId(rg: string): string {
    return `/subscriptions/${this.subscriptionId}/resourceGroups/${rg}`;
  }

  identity(name: string, rg: string, over: Partial<AzIdentity> = {}): AzIdentity {
    return {
      id: `${this.rgId(rg)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
      name,
      location: this.location,
      clientId: guidFrom(`client:${rg}/${name}`),
      principalId: guidFrom(`principal:${rg}/${name}`),
      tenantId: this.tenantId,
      isolationScope: "None",
      resourceGroup: rg,
      tags: {},
      type: "Microsoft.ManagedIdentity/userAssignedIdentities",
      ...over,
    };
  }

  fic(identity: AzIdentity, name: string, issuer: string, subject: string, over: Partial<AzFederatedCredential> = {}): AzFederatedCredential {
    return {
      id: `${identity.id}/federatedIdentityCredentials/${name}`,
      name,
      issuer,
      subject,
      audiences: ["api://AzureADTokenExchange"],
      claimsMatchingExpression: null,
      resourceGroup: identity.resourceGroup ?? "",
      systemData: null,
      type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
      ...over,
    } as AzFederatedCredential;
  }

  roleAssignment(principalId: string, role: { id: string; name: string }, scope: string, over: Partial<AzRoleAssignment> = {}): AzRoleAssignment {
    const name = guidFrom(`assignment:${principalId}:${role.id}:${scope}`);
    const rg = scope.match(/\/resourceGroups\/([^/]+)/i)?.[1];
    return {
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      principalId,
      principalName: "",
      principalType: "ServicePrincipal",
      roleDefinitionId: `/subscriptions/${this.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`,
      roleDefinitionName: role.name,
      scope,
      condition: null,
      conditionVersion: null,
      createdOn: "2025-06-01T09:00:00.000000+00:00",
      updatedOn: "2025-06-01T09:00:00.000000+00:00",
      type: "Microsoft.Authorization/roleAssignments",
      ...(rg ? { resourceGroup: rg } : {}),
      ...over,
    };
  }

  cluster(name: string, rg: string, issuerUrl: string | undefined, over: Partial<AzManagedCluster> = {}): AzManagedCluster {
    return {
      id: `${this.rgId(rg)}/providers/Microsoft.ContainerService/managedClusters/${name}`,
      name,
      location: this.location,
      resourceGroup: rg,
      kubernetesVersion: "1.32.4",
      fqdn: `${name}-dns-${guidFrom(name).slice(0, 8)}.hcp.${this.location}.azmk8s.io`,
      oidcIssuerProfile: issuerUrl ? { enabled: true, issuerUrl } : { enabled: false },
      securityProfile: { workloadIdentity: { enabled: true } },
      type: "Microsoft.ContainerService/ManagedClusters",
      ...over,
    };
  }

  keyVault(name: string, rg: string, rbac: boolean, accessPolicies: AzKeyVault["properties"]["accessPolicies"] = []): AzKeyVault {
    return {
      id: `${this.rgId(rg)}/providers/Microsoft.KeyVault/vaults/${name}`,
      name,
      location: this.location,
      resourceGroup: rg,
      properties: {
        enableRbacAuthorization: rbac,
        tenantId: this.tenantId,
        vaultUri: `https://${name}.vault.azure.net/`,
        accessPolicies,
        sku: { family: "A", name: "standard" },
      },
      type: "Microsoft.KeyVault/vaults",
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Kubernetes manifests

export const USE_LABEL = "azure.workload.identity/use";
export const CLIENT_ID = "azure.workload.identity/client-id";

export function namespace(name: string, labels: Record<string, string> = {}): JsonObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

export function serviceAccount(ns: string, name: string, annotations: Record<string, string> = {}, labels: Record<string, string> = {}): JsonObject {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: ns, ...(Object.keys(annotations).length ? { annotations } : {}), ...(Object.keys(labels).length ? { labels } : {}) } };
}

export interface PodTemplateOptions {
  serviceAccount?: string;
  /** Pod template labels besides `app`. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  image?: string;
  env?: { name: string; value: string }[];
  volumes?: JsonObject[];
  volumeMounts?: JsonObject[];
}

function podTemplate(app: string, o: PodTemplateOptions): JsonObject {
  return {
    metadata: { labels: { app, ...(o.labels ?? {}) }, ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      ...(o.serviceAccount ? { serviceAccountName: o.serviceAccount } : {}),
      containers: [
        {
          name: app,
          image: o.image ?? `shopacr.azurecr.io/${app}:1.4.2`,
          ...(o.env ? { env: o.env } : {}),
          ...(o.volumeMounts ? { volumeMounts: o.volumeMounts } : {}),
          resources: { requests: { cpu: "50m", memory: "64Mi" } },
        },
      ],
      ...(o.volumes ? { volumes: o.volumes } : {}),
    },
  };
}

export function deployment(ns: string, name: string, o: PodTemplateOptions & { replicas?: number; metadataLabels?: Record<string, string>; uid?: string } = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ns, labels: { app: name, ...(o.metadataLabels ?? {}) }, ...(o.uid ? { uid: o.uid } : {}) },
    spec: { replicas: o.replicas ?? 1, selector: { matchLabels: { app: name } }, template: podTemplate(name, o) },
  };
}

export function statefulSet(ns: string, name: string, o: PodTemplateOptions & { replicas?: number } = {}): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { replicas: o.replicas ?? 1, serviceName: name, selector: { matchLabels: { app: name } }, template: podTemplate(name, o) },
  };
}

export function cronJob(ns: string, name: string, schedule: string, o: PodTemplateOptions = {}): JsonObject {
  const template = podTemplate(name, o);
  (template["spec"] as JsonObject)["restartPolicy"] = "OnFailure";
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { schedule, jobTemplate: { spec: { template } } },
  };
}

/** A Job its CronJob started at `scheduledAt` (the CronJob gets a fixed uid to own it). */
export function jobOf(cron: JsonObject, scheduledAt: Date): JsonObject {
  const meta = cron["metadata"] as JsonObject;
  const name = meta["name"] as string;
  const ns = meta["namespace"] as string;
  meta["uid"] ??= guidFrom(`cronjob:${ns}/${name}`);
  const spec = structuredClone(((cron["spec"] as JsonObject)["jobTemplate"] as JsonObject)["spec"]) as JsonObject;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: `${name}-${Math.floor(scheduledAt.getTime() / 60_000)}`,
      namespace: ns,
      labels: { app: name },
      annotations: { "batch.kubernetes.io/cronjob-scheduled-timestamp": scheduledAt.toISOString().replace(/\.\d{3}Z$/, "Z") },
      ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name, uid: meta["uid"], controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}

export function service(ns: string, name: string, port = 80): JsonObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: ns, labels: { app: name } }, spec: { selector: { app: name }, ports: [{ name: "http", port, targetPort: 8080 }] } };
}

/**
 * A Deployment whose pods already run, created before the cluster was observed: the ReplicaSet
 * and pods are stored as they are, so they keep whatever admission did (or did not do) then.
 */
export function runningDeployment(deploy: JsonObject, pods: JsonObject[] = []): JsonObject[] {
  const meta = deploy["metadata"] as JsonObject;
  const name = meta["name"] as string;
  const ns = meta["namespace"] as string;
  const uid = (meta["uid"] as string | undefined) ?? guidFrom(`deployment:${ns}/${name}`);
  meta["uid"] = uid;
  const spec = deploy["spec"] as JsonObject;
  const template = structuredClone(spec["template"]) as JsonObject;
  const hash = guidFrom(`rs:${ns}/${name}`).replace(/-/g, "").replace(/[aeiou01]/g, "x").slice(0, 10);
  const rsName = `${name}-${hash}`;
  const rsUid = guidFrom(`replicaset:${ns}/${name}`);
  const labels = { ...((template["metadata"] as JsonObject)["labels"] as Record<string, string>), "pod-template-hash": hash };
  (template["metadata"] as JsonObject)["labels"] = labels;
  const rs: JsonObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: rsName,
      namespace: ns,
      uid: rsUid,
      labels,
      annotations: { "deployment.kubernetes.io/revision": "1", "deployment.kubernetes.io/desired-replicas": String(spec["replicas"] ?? 1) },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name, uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: spec["replicas"] ?? 1, selector: { matchLabels: { ...((spec["selector"] as JsonObject)["matchLabels"] as object), "pod-template-hash": hash } }, template },
  };
  const count = (spec["replicas"] as number | undefined) ?? 1;
  const out: JsonObject[] = [deploy, rs];
  for (let i = 0; i < count; i++) {
    const suffix = guidFrom(`pod:${ns}/${name}/${i}`).replace(/[^b-df-hj-np-tv-z2-9]/g, "").slice(0, 5).padEnd(5, "x");
    const base = pods[i] ?? {};
    out.push({
      apiVersion: "v1",
      kind: "Pod",
      ...base,
      metadata: {
        name: `${rsName}-${suffix}`,
        generateName: `${rsName}-`,
        namespace: ns,
        labels,
        ...((template["metadata"] as JsonObject)["annotations"] ? { annotations: (template["metadata"] as JsonObject)["annotations"] } : {}),
        ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: rsName, uid: rsUid, controller: true, blockOwnerDeletion: true }],
      },
      spec: structuredClone(template["spec"]),
    });
  }
  return out;
}

export const SECRET_PROVIDER_CLASS_CRD: JsonObject = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "secretproviderclasses.secrets-store.csi.x-k8s.io" },
  spec: {
    group: "secrets-store.csi.x-k8s.io",
    names: { kind: "SecretProviderClass", listKind: "SecretProviderClassList", plural: "secretproviderclasses", singular: "secretproviderclass" },
    scope: "Namespaced",
    versions: [
      { name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } },
      { name: "v1alpha1", served: true, storage: false, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } },
    ],
  },
};

export function secretProviderClass(ns: string, name: string, vault: string, clientId: string, tenantId: string, secrets: string[]): JsonObject {
  const objects = `array:\n${secrets.map((s) => `  - |\n    objectName: ${s}\n    objectType: secret`).join("\n")}\n`;
  return {
    apiVersion: "secrets-store.csi.x-k8s.io/v1",
    kind: "SecretProviderClass",
    metadata: { name, namespace: ns },
    spec: { provider: "azure", parameters: { usePodIdentity: "false", clientID: clientId, keyvaultName: vault, tenantId, objects } },
  };
}
