import type { ObjectRef } from "./kube.js";

/**
 * One step into a parsed manifest: a map key, a list index, or a list item by its `name` (how
 * containers and env entries are told apart: an index would point at another item once the
 * list changes).
 */
export type EditSegment = string | number | { readonly name: string };
export type EditPath = readonly EditSegment[];

/**
 * What a manifest edit expects to find before it changes anything, so that a plan made from a
 * file that has changed since is refused rather than applied to the wrong value. A map, a list or
 * a value that may be a secret is expected by its digest (`expectedDigest`), so that a plan
 * printed as JSON never quotes it.
 */
export type Expect = { readonly absent: true } | { readonly value: string | number | boolean | null } | { readonly digest: string };

/** One change to one YAML document of a manifest file. */
export type ManifestEdit =
  /** Writes `value` at `path`, creating the maps on the way that do not exist yet. */
  | { op: "set"; documentIndex: number; path: EditPath; value: unknown; expect: Expect }
  /** Removes the key or list item at `path`. */
  | { op: "delete"; documentIndex: number; path: EditPath; expect: Expect }
  /**
   * Renames the map key at `path` (a misspelled annotation), keeping its place, and its value
   * unless `value` gives the one it must have (a misspelled label whose value is wrong too).
   */
  | { op: "rename-key"; documentIndex: number; path: EditPath; newKey: string; value?: string | number | boolean | null; expect: Expect };

/** Edits of one manifest file, applied together by the manifest executor. */
export interface ManifestPlan {
  target: "manifest";
  file: string;
  edits: ManifestEdit[];
}

/**
 * What a live object must still be for a cluster step to apply: its `uid` (the same object, not
 * one deleted and recreated) and `resourceVersion` (unchanged since it was read). Objects read
 * from manifests have neither; the executor then reads them first and guards with what it read.
 */
export interface LiveGuard {
  uid?: string;
  resourceVersion?: string;
}

export type ClusterStep =
  /** A JSON merge patch of one object. */
  | { op: "patch"; object: ObjectRef; patch: Record<string, unknown>; guard: LiveGuard; command: string }
  /** What `kubectl rollout restart` does: a new pod template annotation, so new pods are created. */
  | { op: "rollout-restart"; object: ObjectRef; guard: LiveGuard; command: string }
  /**
   * Creates an object (the ServiceAccount `kubectl wid setup` makes). Its guard is the object's
   * absence: one of that name that holds the manifest's fields already leaves it unchanged, one
   * that differs is refused.
   */
  | { op: "create"; object: ObjectRef; manifest: Record<string, unknown>; command: string };

/** Changes to live Kubernetes objects, in order. */
export interface ClusterPlan {
  target: "cluster";
  steps: ClusterStep[];
}

export interface FederatedCredentialParams {
  /** Resource id of the user-assigned identity. */
  identityId: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

export type AzureStep =
  | {
      op: "federatedCredential.createOrUpdate";
      params: FederatedCredentialParams;
      /** The credential as read (an update), or absent (a create). */
      expect: { absent: true } | { issuer: string; subject: string; audiences: string[] };
      command: string;
    }
  | { op: "federatedCredential.delete"; params: { identityId: string; name: string }; command: string }
  | {
      op: "roleAssignment.create";
      params: { principalId: string; principalType: "ServicePrincipal"; roleDefinitionGuid: string; roleName: string; scope: string };
      command: string;
    }
  /**
   * Removes one role assignment, by its resource id (a stray one: made to a client id, which no
   * principal has). Deleting one that is gone already changes nothing.
   */
  | {
      op: "roleAssignment.delete";
      params: { id: string; principalId: string; roleName: string; scope: string };
      command: string;
    }
  /** Creates a user-assigned managed identity (`kubectl wid setup --create-identity`); one that exists in that location is left unchanged. */
  | { op: "identity.create"; params: { identityId: string; location: string }; command: string }
  | {
      op: "keyVault.setAccessPolicy";
      params: { vaultId: string; tenantId: string | undefined; objectId: string; permissions: { secrets?: string[]; keys?: string[]; certificates?: string[] } };
      command: string;
    };

export type AzureOperation = AzureStep["op"];

/** Changes to Azure resources, in order. */
export interface AzurePlan {
  target: "azure";
  steps: AzureStep[];
}

/** Where a plan is applied, and so which executor applies it. */
export type FixTarget = "manifest" | "cluster" | "azure";
export type FixPlan = ManifestPlan | ClusterPlan | AzurePlan;

/** A decision a fix leaves to the user: which identity, which role, which scope, ... */
export interface FixChoice {
  what: "identity" | "client-id" | "role" | "scope" | "service-account" | "issuer" | "value";
  /** The question, as a surface asks it. */
  question: string;
  /** Known answers, when the snapshot holds some; each with the plans it leads to. */
  options?: { label: string; value: string; plans: FixPlan[] }[];
}

/**
 * A way to mend a finding, as data. A `fix` is complete: its plans can be applied as they are,
 * one plan per target (the manifest file, or the live object; steps in order within a plan).
 * A `suggestion` needs a choice first (`choices`); its snippet shows the command with
 * placeholders. A fix with no plan is one wid shows but does not apply (it restarts a control
 * plane, or needs rights wid does not ask for); its snippet is the way.
 */
export interface Fix {
  title: string;
  kind: "fix" | "suggestion";
  /** What the user reads and could run or paste: a YAML snippet or a shell command. */
  snippet?: { language: "yaml" | "shell"; text: string };
  plans: FixPlan[];
  choices?: FixChoice[];
}

/** The plan of a fix for one target, if it has one. */
export function planFor<T extends FixTarget>(fix: Fix, target: T): Extract<FixPlan, { target: T }> | undefined {
  return fix.plans.find((p): p is Extract<FixPlan, { target: T }> => p.target === target);
}
