// Generates realistic inputs for `pnpm bench`: a manifest set (Helm-rendered streams, plain
// multi-document files, `kind: List` JSON) and the Azure CLI exports that go with it. Seeded, so
// every run measures the same bytes.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** mulberry32: small, fast, good enough to vary names and values. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function guidFrom(rand) {
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(rand() * 4)]}${hex(3)}-${hex(12)}`;
}

const SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ISSUER = `https://westeurope.oic.prod-aks.azure.com/${TENANT}/5d8e4c2a-3b1f-4f7e-9a55-0c6e1d2b7a90/`;
const RG = "rg-platform-prod";
const ROLES = [
  ["4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User"],
  ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader"],
  ["ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor"],
  ["acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader"],
];

/**
 * The plan both halves share: apps with a namespace, a service account bound to a managed
 * identity, workloads, federated credentials and role assignments. A few apps carry the usual
 * mistakes, so that checks have findings to report, as on a real estate.
 */
export function plan({ apps, identities, fics, assignments, seed = 42 }) {
  const rand = random(seed);
  const ids = Array.from({ length: identities }, (_, i) => ({
    name: `id-app-${i}`,
    clientId: guidFrom(rand),
    principalId: guidFrom(rand),
  }));
  const appList = Array.from({ length: apps }, (_, i) => {
    const identity = ids[i % ids.length];
    return {
      i,
      name: `app-${i}`,
      namespace: `team-${Math.floor(i / 25)}`,
      identity,
      // Usual mistakes, on a few apps each.
      unlabelled: i % 23 === 5,
      principalAsClient: i % 31 === 7,
      wrongSubject: i % 17 === 3,
      vault: `kv-team-${Math.floor(i / 25)}`,
    };
  });
  return { rand, ids, apps: appList, fics, assignments };
}

const deployment = (app, helm) => `${helm ? `# Source: ${app.name}/templates/deployment.yaml\n` : ""}apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app.name}
  namespace: ${app.namespace}
  labels:
    app.kubernetes.io/name: ${app.name}
    app.kubernetes.io/managed-by: Helm
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app.name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app.name}${app.unlabelled ? "" : '\n        azure.workload.identity/use: "true"'}
    spec:
      serviceAccountName: ${app.name}
      containers:
        - name: app
          image: contoso.azurecr.io/${app.name}:1.${app.i % 10}.0
          ports:
            - containerPort: 8080
          env:
            - name: KEYVAULT_URL
              value: https://${app.vault}.vault.azure.net/
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
          volumeMounts:
            - name: secrets
              mountPath: /mnt/secrets
              readOnly: true
      volumes:
        - name: secrets
          csi:
            driver: secrets-store.csi.k8s.io
            readOnly: true
            volumeAttributes:
              secretProviderClass: ${app.name}
`;

const serviceAccount = (app, helm) => `${helm ? `# Source: ${app.name}/templates/serviceaccount.yaml\n` : ""}apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${app.name}
  namespace: ${app.namespace}
  annotations:
    azure.workload.identity/client-id: ${app.principalAsClient ? app.identity.principalId : app.identity.clientId}
`;

const service = (app, helm) => `${helm ? `# Source: ${app.name}/templates/service.yaml\n` : ""}apiVersion: v1
kind: Service
metadata:
  name: ${app.name}
  namespace: ${app.namespace}
spec:
  selector:
    app.kubernetes.io/name: ${app.name}
  ports:
    - port: 80
      targetPort: 8080
`;

const configMap = (app, helm, bytes = 400) => `${helm ? `# Source: ${app.name}/templates/configmap.yaml\n` : ""}apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app.name}-config
  namespace: ${app.namespace}
data:
  settings.json: |
${`    {"feature": "${app.name}", "retries": 3, "timeoutSeconds": 30}\n`.repeat(Math.max(1, Math.round(bytes / 64)))}`;

const secretProviderClass = (app, helm) => `${helm ? `# Source: ${app.name}/templates/secretproviderclass.yaml\n` : ""}apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: ${app.name}
  namespace: ${app.namespace}
spec:
  provider: azure
  parameters:
    usePodIdentity: "false"
    clientID: ${app.identity.clientId}
    keyvaultName: ${app.vault}
    tenantId: ${TENANT}
    objects: |
      array:
        - |
          objectName: ${app.name}-db-password
          objectType: secret
`;

const namespace = (name) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
    kubernetes.io/metadata.name: ${name}
`;

const ingressJson = (app) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: { name: app.name, namespace: app.namespace },
  spec: { rules: [{ host: `${app.name}.contoso.com`, http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: app.name, port: { number: 80 } } } }] } }] },
});

/**
 * Writes about `objects` Kubernetes objects under `dir`: one Helm-rendered stream per team, plain
 * multi-document files for others, and a JSON `kind: List` per team of ingresses. Returns the
 * number of objects written.
 */
export function writeManifests(dir, p) {
  mkdirSync(dir, { recursive: true });
  const byNs = new Map();
  for (const app of p.apps) {
    if (!byNs.has(app.namespace)) byNs.set(app.namespace, []);
    byNs.get(app.namespace).push(app);
  }
  let count = 0;
  let team = 0;
  for (const [ns, apps] of byNs) {
    const helm = team % 2 === 0;
    const docs = [namespace(ns)];
    count++;
    for (const app of apps) {
      docs.push(serviceAccount(app, helm), deployment(app, helm), service(app, helm), configMap(app, helm), secretProviderClass(app, helm));
      count += 5;
    }
    const sub = join(dir, ns);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, helm ? "rendered.yaml" : "manifests.yml"), (helm ? "---\n" : "") + docs.join("---\n"));
    writeFileSync(join(sub, "ingress.json"), JSON.stringify({ apiVersion: "v1", kind: "List", items: apps.map(ingressJson) }, null, 2));
    count += apps.length;
    team++;
  }
  writeFileSync(join(dir, "README.md"), "not a manifest: skipped by extension\n");
  return count;
}

const systemData = (rand) => ({
  createdAt: new Date(Date.UTC(2025, Math.floor(rand() * 12), 1 + Math.floor(rand() * 27))).toISOString(),
  createdBy: "platform@contoso.com",
  createdByType: "User",
  lastModifiedAt: "2026-01-15T10:00:00.000000+00:00",
  lastModifiedBy: "platform@contoso.com",
  lastModifiedByType: "User",
});

/** Writes the Azure CLI exports that go with the plan. Returns the number of elements written. */
export function writeAzureExports(dir, p) {
  mkdirSync(dir, { recursive: true });
  const { rand } = p;
  const identityId = (name) => `/subscriptions/${SUBSCRIPTION}/resourcegroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
  const identities = p.ids.map((id) => ({
    clientId: id.clientId,
    id: identityId(id.name),
    isolationScope: "None",
    location: "westeurope",
    name: id.name,
    principalId: id.principalId,
    resourceGroup: RG,
    systemData: null,
    tags: { team: "platform" },
    tenantId: TENANT,
    type: "Microsoft.ManagedIdentity/userAssignedIdentities",
  }));
  const fics = [];
  for (let i = 0; i < p.fics; i++) {
    const app = p.apps[i % p.apps.length];
    const id = p.ids[i % p.ids.length];
    const subject = `system:serviceaccount:${app.namespace}:${app.wrongSubject && i < p.apps.length ? app.name.toUpperCase() : app.name}`;
    fics.push({
      audiences: ["api://AzureADTokenExchange"],
      id: `${identityId(id.name)}/federatedIdentityCredentials/fic-${i}`,
      issuer: ISSUER,
      name: `fic-${i}`,
      resourceGroup: RG,
      subject,
      systemData: systemData(rand),
      type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
    });
  }
  const assignments = [];
  for (let i = 0; i < p.assignments; i++) {
    const id = p.ids[i % p.ids.length];
    const [roleGuid, roleName] = ROLES[i % ROLES.length];
    const team = Math.floor((i % p.apps.length) / 25);
    const scope =
      i % 3 === 0
        ? `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/kv-team-${team}`
        : i % 3 === 1
          ? `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/stteam${team}`
          : `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}`;
    const name = guidFrom(rand);
    assignments.push({
      condition: null,
      conditionVersion: null,
      createdBy: "b2c5d3e1-0000-4000-8000-000000000001",
      createdOn: "2025-11-03T09:12:44.000000+00:00",
      delegatedManagedIdentityResourceId: null,
      description: null,
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      principalId: id.principalId,
      principalName: id.clientId,
      principalType: "ServicePrincipal",
      resourceGroup: RG,
      roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
      roleDefinitionName: roleName,
      scope,
      type: "Microsoft.Authorization/roleAssignments",
      updatedBy: "b2c5d3e1-0000-4000-8000-000000000001",
      updatedOn: "2025-11-03T09:12:44.000000+00:00",
    });
  }
  const teams = new Set(p.apps.map((a) => a.vault));
  const vaults = [...teams].map((name, i) => ({
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.KeyVault/vaults/${name}`,
    location: "westeurope",
    name,
    properties: {
      accessPolicies: [],
      enableRbacAuthorization: i % 9 !== 4,
      enableSoftDelete: true,
      sku: { family: "A", name: "standard" },
      tenantId: TENANT,
      vaultUri: `https://${name}.vault.azure.net/`,
    },
    resourceGroup: RG,
    tags: {},
    type: "Microsoft.KeyVault/vaults",
  }));
  const cluster = {
    id: `/subscriptions/${SUBSCRIPTION}/resourcegroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-prod`,
    kubernetesVersion: "1.32.5",
    location: "westeurope",
    name: "aks-prod",
    fqdn: "aks-prod-dns-0b1f6471.hcp.westeurope.azmk8s.io",
    oidcIssuerProfile: { enabled: true, issuerUrl: ISSUER },
    resourceGroup: RG,
    securityProfile: { workloadIdentity: { enabled: true } },
    type: "Microsoft.ContainerService/ManagedClusters",
  };
  const write = (name, v) => writeFileSync(join(dir, name), JSON.stringify(v, null, 2) + "\n");
  write("identities.json", identities);
  write("federated-credentials.json", fics);
  write("role-assignments.json", assignments);
  write("keyvaults.json", vaults);
  write("aks.json", cluster);
  return identities.length + fics.length + assignments.length + vaults.length + 1;
}

/**
 * Writes a manifest set of about `bytes` bytes: platform-sized Helm-rendered streams in which
 * most objects are kinds wid does not read (large ConfigMaps, CRDs), and one big single file.
 * Returns { bytes, documents }.
 */
export function writeLargeManifests(dir, { bytes, seed = 7 }) {
  mkdirSync(dir, { recursive: true });
  const p = plan({ apps: 1000, identities: 200, fics: 0, assignments: 0, seed });
  let written = 0;
  let documents = 0;
  let file = 0;
  const flush = (docs, name) => {
    const text = "---\n" + docs.join("---\n");
    writeFileSync(join(dir, name), text);
    written += Buffer.byteLength(text);
  };
  // One large stream, as `helm template` of an umbrella chart prints it.
  const big = [];
  let bigBytes = 0;
  let k = 0;
  // Each object once: a set that defines an object twice is a different case (and warned about).
  const next = () => {
    const app = p.apps[k % p.apps.length];
    const round = Math.floor(k++ / p.apps.length);
    return round === 0 ? app : { ...app, name: `${app.name}-${round}` };
  };
  while (bigBytes < bytes * 0.3) {
    const app = next();
    const docs = [serviceAccount(app, true), deployment(app, true), configMap(app, true, 6000), crd(k)];
    for (const d of docs) bigBytes += d.length;
    big.push(...docs);
    documents += docs.length;
  }
  flush(big, "umbrella-rendered.yaml");
  while (written < bytes) {
    const docs = [];
    let size = 0;
    while (size < 400_000) {
      const app = next();
      const more = [serviceAccount(app, true), deployment(app, true), service(app, true), configMap(app, true, 3000)];
      for (const d of more) size += d.length;
      docs.push(...more);
      documents += more.length;
    }
    flush(docs, `chart-${String(file++).padStart(3, "0")}.yaml`);
  }
  return { bytes: written, documents };
}

function crd(k) {
  const props = Array.from({ length: 40 }, (_, i) => `              field${i}:\n                type: string\n                description: Setting ${i} of the widget, with a sentence of documentation.\n`).join("");
  return `# Source: widgets/crds/widget-${k}.yaml
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets${k}.contoso.com
spec:
  group: contoso.com
  names:
    kind: Widget${k}
    plural: widgets${k}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
${props.replace(/^ {14}/gm, "                ")}`;
}
