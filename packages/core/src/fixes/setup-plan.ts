import { UserError } from "../errors.js";
import { setting } from "../setting-names.js";
import type { FederatedCredential, ManagedIdentity, RoleAssignment } from "../model/azure.js";
import type { AzurePlan, AzureStep, ClusterPlan, ClusterStep } from "../model/fix.js";
import { ficNameFor } from "../checks/shared/azure-fic.js";
import { WI, expectedSubject } from "../wi.js";
import { createFederatedCredential, createRoleAssignment, rewriteFederatedCredential } from "./builders/azure.js";
import { shq } from "./builders/shell.js";

/** What a ServiceAccount's setup reads, as the planner needs it (see `readSetupState`). */
export interface SetupFacts {
  namespace: string;
  serviceAccount: { exists: false } | { exists: true; uid: string | undefined; resourceVersion: string | undefined; clientId: string | undefined };
  subscriptions: string[];
  identities: ManagedIdentity[];
  fics: FederatedCredential[];
  issuer: { url: string; from: string };
  role: { guid: string; roleName: string } | undefined;
  assignments: RoleAssignment[];
}

export interface SetupRequest {
  serviceAccount: string;
  /** The identity's name or client id, as given. */
  identity: string;
  /** `--create-identity`: where to create it when no identity of that name exists. */
  create?: { resourceGroup: string | undefined; location: string | undefined };
  resourceGroup?: string;
  scope?: string;
  /** Point a ServiceAccount that names another identity at this one. */
  overwrite?: boolean;
}

/** An identity to be created: its client and principal ids are known once it is. */
export interface PendingIdentity {
  pending: true;
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  location: string;
}

export interface SetupPlan {
  identity: ManagedIdentity | PendingIdentity;
  /** Creates the identity, when it does not exist yet: applied first, then the setup is planned again with its ids. */
  identityPlan: AzurePlan | undefined;
  /** The ServiceAccount, created or annotated. */
  cluster: ClusterPlan;
  /** The federated credential, and the role assignment. */
  azure: AzurePlan;
  /** What is in place already, in the user's words. */
  inPlace: string[];
  /** The ServiceAccount as it should be, for `-o yaml`. */
  serviceAccountManifest: Record<string, unknown>;
  subject: string;
}

const isPending = (i: ManagedIdentity | PendingIdentity): i is PendingIdentity => "pending" in i;

/** The identity named: one found, or one to create; a UserError for none or several. */
function chooseIdentity(facts: SetupFacts, req: SetupRequest): ManagedIdentity | PendingIdentity {
  const [first, ...more] = facts.identities;
  if (first && more.length === 0) return first;
  if (first) {
    throw new UserError(`${setting("identity")} ${req.identity}: ${facts.identities.length} identities have that name (${facts.identities.map((i) => `${i.resourceGroup ?? "?"}/${i.name} in ${i.subscriptionId ?? "?"}`).join(", ")})`, {
      hint: `name its resource group with ${setting("resourceGroup")}, its subscription with ${setting("subscription")}, or give its client id`,
    });
  }
  const where = `subscription${facts.subscriptions.length > 1 ? "s" : ""} ${facts.subscriptions.join(", ")}${req.resourceGroup ? `, resource group ${req.resourceGroup}` : ""}`;
  if (!req.create) {
    throw new UserError(`${setting("identity")} ${req.identity}: no user-assigned identity ${/^[0-9a-f-]{36}$/i.test(req.identity) ? "has that client id" : "has that name"} in ${where}`, {
      hint: `create it with ${setting("createIdentity")} ${setting("resourceGroup")} RG ${setting("location")} LOCATION, or check the name (az identity list --query [].name)`,
    });
  }
  if (/^[0-9a-f]{8}-/i.test(req.identity)) throw new UserError(`${setting("createIdentity")} needs a name for the identity, not a client id (${req.identity})`, { hint: `give ${setting("identity")} NAME` });
  if (!req.create.resourceGroup || !req.create.location) throw new UserError(`${setting("createIdentity")} needs ${setting("resourceGroup")} and ${setting("location")}`, { hint: `e.g. ${setting("createIdentity")} ${setting("resourceGroup")} rg-apps ${setting("location")} eastus` });
  const subscriptionId = facts.subscriptions[0]!;
  if (facts.subscriptions.length > 1) throw new UserError(`${setting("createIdentity")} needs one subscription to create it in`, { hint: `name it with ${setting("subscription")} (or AZURE_SUBSCRIPTION_ID)` });
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/.test(req.identity)) throw new UserError(`${setting("identity")} ${req.identity}: an identity's name has 3 to 128 letters, digits, dashes and underscores, and starts with a letter or a digit`);
  const rg = req.create.resourceGroup;
  return { pending: true, id: `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${req.identity}`, name: req.identity, resourceGroup: rg, subscriptionId, location: req.create.location };
}

/** An identity as the builders need it; a pending one's ids are placeholders the plan is not applied with. */
function asModel(i: ManagedIdentity | PendingIdentity): ManagedIdentity {
  if (!isPending(i)) return i;
  return { id: i.id, name: i.name, resourceGroup: i.resourceGroup, subscriptionId: i.subscriptionId, location: i.location, clientId: `<client id of ${i.name}>`, principalId: `<principal id of ${i.name}>`, tenantId: "", origin: {} };
}

/**
 * What setting a ServiceAccount up for workload identity changes, from what was read: the
 * identity (created when asked and missing), the ServiceAccount (created, or annotated with the
 * identity's client id), a federated credential trusting the cluster's issuer for the
 * ServiceAccount's exact subject with the audience api://AzureADTokenExchange, and with a role
 * and scope, the role assignment of the identity's principal. What is in place already is not
 * planned again: a second run plans nothing. Refuses (UserError) to point a ServiceAccount that
 * names another identity at this one unless `overwrite`.
 */
export function planSetup(facts: SetupFacts, req: SetupRequest): SetupPlan {
  const identity = chooseIdentity(facts, req);
  const model = asModel(identity);
  const ns = facts.namespace;
  const sa = req.serviceAccount;
  const subject = expectedSubject(ns, sa);
  const inPlace: string[] = [];
  const identityPlan: AzurePlan | undefined = isPending(identity)
    ? {
        target: "azure",
        steps: [
          {
            op: "identity.create",
            params: { identityId: identity.id, location: identity.location },
            command: [`az identity create`, `--name ${shq(identity.name)}`, `--resource-group ${shq(identity.resourceGroup)}`, `--location ${shq(identity.location)}`, `--subscription ${shq(identity.subscriptionId)}`].join(" \\\n  "),
          },
        ],
      }
    : undefined;
  if (!isPending(identity)) inPlace.push(`identity ${identity.name} (client id ${identity.clientId}) exists`);

  // the ServiceAccount
  const clusterSteps: ClusterStep[] = [];
  const object = { kind: "ServiceAccount", name: sa, namespace: ns, apiVersion: "v1" };
  const annotation = { [WI.clientIdAnnotation]: model.clientId };
  const current = facts.serviceAccount;
  if (!current.exists) {
    clusterSteps.push({
      op: "create",
      object,
      manifest: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: sa, namespace: ns, annotations: annotation } },
      command: `kubectl create serviceaccount ${shq(sa)} -n ${shq(ns)}\nkubectl annotate serviceaccount ${shq(sa)} -n ${shq(ns)} ${WI.clientIdAnnotation}=${shq(model.clientId)}`,
    });
  } else if (current.clientId?.toLowerCase() === model.clientId.toLowerCase()) {
    inPlace.push(`ServiceAccount ${ns}/${sa} names the identity`);
  } else {
    if (current.clientId && !req.overwrite) {
      throw new UserError(`ServiceAccount ${ns}/${sa} names another identity already (client id ${current.clientId})`, { hint: `pass --overwrite to point it at ${identity.name}, or set up another ServiceAccount` });
    }
    clusterSteps.push({
      op: "patch",
      object,
      patch: { metadata: { annotations: annotation } },
      guard: { ...(current.uid ? { uid: current.uid } : {}), ...(current.resourceVersion ? { resourceVersion: current.resourceVersion } : {}) },
      command: `kubectl annotate serviceaccount ${shq(sa)} -n ${shq(ns)} --overwrite ${WI.clientIdAnnotation}=${shq(model.clientId)}`,
    });
  }

  // the federated credential
  const azureSteps: AzureStep[] = [];
  const issuer = facts.issuer.url;
  const exact = facts.fics.find((f) => f.issuer === issuer && f.subject === subject);
  if (exact && exact.audiences.length === 1 && exact.audiences[0] === WI.audience) {
    inPlace.push(`federated credential "${exact.name}" trusts the cluster's issuer for ${subject}`);
  } else if (exact) {
    azureSteps.push(...planSteps(rewriteFederatedCredential(model, exact, {})));
  } else {
    if (facts.fics.length >= WI.maxFicsPerIdentity) {
      throw new UserError(`identity ${identity.name} has ${facts.fics.length} federated credentials, the most Entra ID allows`, { hint: "delete one it no longer needs (az identity federated-credential list), or use another identity" });
    }
    azureSteps.push(...planSteps(createFederatedCredential(model, { name: ficNameFor(ns, sa, facts.fics), issuer, subject })));
  }

  // the role assignment
  if (facts.role && req.scope) {
    const scope = req.scope.replace(/\/+$/, "");
    const guid = facts.role.guid.toLowerCase();
    const granted = facts.assignments.find((a) => a.roleDefinitionId.split("/").pop()!.toLowerCase() === guid && within(scope, a.scope));
    if (granted) inPlace.push(`role "${facts.role.roleName}" is granted${granted.scope.toLowerCase() === scope.toLowerCase() ? "" : ` at ${granted.scope}`}`);
    else azureSteps.push(...planSteps(createRoleAssignment(model.principalId, { name: facts.role.guid, roleName: facts.role.roleName }, scope, `identity ${identity.name}`)));
  }

  return {
    identity,
    identityPlan,
    cluster: { target: "cluster", steps: clusterSteps },
    azure: { target: "azure", steps: azureSteps },
    inPlace,
    serviceAccountManifest: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: sa, namespace: ns, annotations: annotation } },
    subject,
  };
}

function planSteps(fix: { plans: readonly { target: string; steps?: readonly unknown[] }[] }): AzureStep[] {
  const plan = fix.plans.find((p) => p.target === "azure");
  return plan ? ([...(plan.steps ?? [])] as AzureStep[]) : [];
}

function within(inner: string, outer: string): boolean {
  const i = inner.toLowerCase();
  const o = outer.replace(/\/+$/, "").toLowerCase();
  return i === o || i.startsWith(`${o}/`);
}
