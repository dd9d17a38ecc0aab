import { normalizeScenario, DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID } from "./load.js";
import { AzureBuilder, CLIENT_ID, ROLES, USE_LABEL, deployment, guidFrom, namespace, serviceAccount } from "./builders.js";
import type { AzFederatedCredential, AzRoleAssignment, JsonObject, Scenario } from "./types.js";

export interface GenerateOptions {
  pods?: number;
  serviceAccounts?: number;
  identities?: number;
  namespaces?: number;
  /** One service account in `mistakeEvery` gets a mistake (rotating through several kinds); 0 for none. */
  mistakeEvery?: number;
}

/**
 * A large world for benchmarks: `serviceAccounts` workloads (one Deployment each) spread over
 * `namespaces`, `pods` pods in all, `identities` identities shared round-robin with one FIC per
 * service account, and a deterministic sprinkle of mistakes.
 */
export function generateScenario(o: GenerateOptions = {}): Scenario {
  const pods = o.pods ?? 10_000;
  const sas = o.serviceAccounts ?? 2_000;
  const idCount = o.identities ?? 300;
  const nsCount = o.namespaces ?? 50;
  const every = o.mistakeEvery ?? 25;
  const az = new AzureBuilder(DEFAULT_TENANT_ID, DEFAULT_SUBSCRIPTION_ID);
  const rg = "rg-fleet";
  const identities = Array.from({ length: idCount }, (_, i) => az.identity(`id-app-${String(i).padStart(4, "0")}`, rg));
  const objects: JsonObject[] = [namespace("kube-system", { "kubernetes.azure.com/managedby": "aks", "control-plane": "true" }), namespace("default")];
  const namespaces = Array.from({ length: nsCount }, (_, i) => `team-${String(i).padStart(3, "0")}`);
  for (const ns of namespaces) objects.push(namespace(ns));
  const fics: AzFederatedCredential[] = [];
  const assignments: AzRoleAssignment[] = [];
  const base = Math.floor(pods / sas);
  let extra = pods - base * sas;
  for (let i = 0; i < sas; i++) {
    const ns = namespaces[i % nsCount]!;
    const name = `app-${String(i).padStart(5, "0")}`;
    const identity = identities[i % idCount]!;
    const kind = every > 0 && i % every === every - 1 ? Math.floor(i / every) % 4 : -1;
    const annotations = { [CLIENT_ID]: kind === 0 ? "<client-id>" : identity.clientId };
    const labels: Record<string, string> = kind === 1 ? {} : { [USE_LABEL]: "true" };
    objects.push(serviceAccount(ns, name, annotations));
    const replicas = base + (extra-- > 0 ? 1 : 0);
    objects.push(deployment(ns, name, { serviceAccount: name, labels, replicas }));
    if (kind !== 2) {
      fics.push(az.fic(identity, `fic-${ns}-${name}`, kind === 3 ? "{{issuerWithoutTrailingSlash}}" : "{{issuer}}", `system:serviceaccount:${ns}:${name}`));
    }
  }
  for (const identity of identities) assignments.push(az.roleAssignment(identity.principalId, ROLES.storageBlobDataReader, az.rgId(rg)));
  const operator = { displayName: "wid-operator", clientId: guidFrom("operator-client"), objectId: guidFrom("operator-object"), clientSecret: "wid-demo-secret" };
  assignments.push(az.roleAssignment(operator.objectId, ROLES.reader, `/subscriptions/${DEFAULT_SUBSCRIPTION_ID}`));
  return normalizeScenario({
    name: `generated-${pods}-pods`,
    description: `${pods} pods, ${sas} service accounts, ${idCount} identities in ${nsCount} namespaces`,
    cluster: { name: "aks-fleet", objects, nodes: ["aks-nodepool1-12345678-vmss000000", "aks-nodepool1-12345678-vmss000001", "aks-nodepool1-12345678-vmss000002"] },
    azure: {
      identities,
      federatedCredentials: fics,
      roleAssignments: assignments,
      clusters: [az.cluster("aks-fleet", rg, "{{issuer}}")],
      principals: [operator],
    },
  });
}
