import { swap, type Form } from "../scenario.js";
import { AzureWorld, guid, identity, OTHER_TENANT, scopes, TENANT } from "../world.js";
import { webhookConfig } from "./platform.js";

const id = identity("id-ledger-db");
const FILE = "ledger/ledger-db.yaml";
const SA = "ledger/ledger-db";

const ledgerDb = (): string => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ledger-db
  namespace: ledger
  annotations:
    azure.workload.identity/client-id: "${id.clientId}"
    azure.workload.identity/tenant-id: "${TENANT}"
    azure.workload.identity/service-account-token-expiration: "3600"
---
apiVersion: v1
kind: Service
metadata:
  name: ledger-db
  namespace: ledger
spec:
  clusterIP: None
  selector:
    app: ledger-db
  ports:
    - name: postgres
      port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ledger-db
  namespace: ledger
spec:
  serviceName: ledger-db
  replicas: 3
  selector:
    matchLabels:
      app: ledger-db
  template:
    metadata:
      labels:
        app: ledger-db
        azure.workload.identity/use: "true"
    spec:
      serviceAccountName: ledger-db
      containers:
        - name: postgres
          image: contoso.azurecr.io/mirror/postgres:17.2
          ports:
            - containerPort: 5432
        - name: wal-archiver
          image: contoso.azurecr.io/retail/wal-g:3.0.5
          env:
            - name: WALG_AZ_PREFIX
              value: azure://stretailbackups.blob.core.windows.net/ledger-wal
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: 128Gi
`;

const CLIENT = `    azure.workload.identity/client-id: "${id.clientId}"\n`;
const annotate = (value: string) => `    azure.workload.identity/client-id: "${value}"\n`;

export const statefulSetForm: Form = {
  title: "a StatefulSet whose ServiceAccount sets client id, tenant and token lifetime",
  manifests: () => ({ [FILE]: ledgerDb(), "platform/azure-wi-webhook-config.yaml": webhookConfig() }),
  azure() {
    const w = new AzureWorld();
    w.identities.push(id);
    w.fic(id, { subject: "system:serviceaccount:ledger:ledger-db" });
    w.grant(id, "Storage Blob Data Contributor", scopes.storage("stretailbackups"));
    return w;
  },
  scenarios: [
    {
      about: ["sa-client-id-missing"],
      mistake: "the ServiceAccount has no client-id annotation",
      manifests: (f) => swap(f, FILE, CLIENT, ""),
      expected: (at) => [at.m("sa-client-id-missing", "ServiceAccount", SA, FILE, "azure.workload.identity/tenant-id")],
    },
    {
      about: ["sa-annotation-typo"],
      mistake: "the annotation is spelled clientId",
      manifests: (f) => swap(f, FILE, CLIENT, `    azure.workload.identity/clientId: "${id.clientId}"\n`),
      // one finding, at the misspelled key, with the fix that renames it
      expected: (at) => [at.m("sa-annotation-typo", "ServiceAccount", SA, FILE, "azure.workload.identity/clientId")],
    },
    {
      about: ["sa-client-id-not-guid"],
      mistake: "the client-id annotation holds the identity's name",
      manifests: (f) => swap(f, FILE, CLIENT, annotate("id-ledger-db")),
      // sa-client-id-unknown stays quiet: a value that is not a GUID is never a client id
      expected: (at) => [at.m("sa-client-id-not-guid", "ServiceAccount", SA, FILE, "azure.workload.identity/client-id")],
    },
    {
      about: ["sa-client-id-is-principal-id"],
      mistake: "the client-id annotation holds the identity's principal id",
      manifests: (f) => swap(f, FILE, CLIENT, annotate(id.principalId)),
      expected: (at) => [at.m("sa-client-id-is-principal-id", "ServiceAccount", SA, FILE, "azure.workload.identity/client-id")],
    },
    {
      about: ["sa-client-id-unknown"],
      mistake: "the client id belongs to no identity (it was deleted and re-created)",
      manifests: (f) => swap(f, FILE, CLIENT, annotate(guid("client:id-ledger-db-before-recreate"))),
      expected: (at) => [at.m("sa-client-id-unknown", "ServiceAccount", SA, FILE, "azure.workload.identity/client-id")],
    },
    {
      about: ["sa-tenant-mismatch"],
      mistake: "the tenant-id annotation names the development tenant",
      manifests: (f) => swap(f, FILE, `tenant-id: "${TENANT}"`, `tenant-id: "${OTHER_TENANT}"`),
      expected: (at) => [at.m("sa-tenant-mismatch", "ServiceAccount", SA, FILE, "azure.workload.identity/tenant-id")],
    },
    {
      about: ["sa-token-expiration-invalid"],
      mistake: "the token lifetime is 48 hours, above the 24 hour maximum",
      manifests: (f) => swap(f, FILE, 'token-expiration: "3600"', 'token-expiration: "172800"'),
      expected: (at) => [at.m("sa-token-expiration-invalid", "ServiceAccount", SA, FILE, "service-account-token-expiration")],
    },
    {
      about: ["sa-label-only"],
      mistake: "the use label is on the ServiceAccount (the pre-1.0 pattern), not on the pods",
      manifests: (f) => {
        swap(f, FILE, `        azure.workload.identity/use: "true"\n`, "");
        swap(f, FILE, "  namespace: ledger\n  annotations:", `  namespace: ledger\n  labels:\n    azure.workload.identity/use: "true"\n  annotations:`);
      },
      // at the pod template, where the label must go; pod-label-missing stays quiet: sa-label-only names the cause
      expected: (at) => [at.m("sa-label-only", "StatefulSet", SA, FILE, "app: ledger-db", "template:")],
    },
    {
      about: [],
      mistake: "the pods ask for a two-hour token, which wins over the ServiceAccount's",
      manifests: (f) =>
        swap(f, FILE, `        azure.workload.identity/use: "true"\n`, `        azure.workload.identity/use: "true"\n      annotations:\n        azure.workload.identity/service-account-token-expiration: "7200"\n`),
      expected: () => [],
    },
  ],
};
