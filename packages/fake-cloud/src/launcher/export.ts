import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import type { World } from "../world.js";
import { storageKey } from "../kube/registry.js";

/** What a snapshot of the cluster leaves out: churn that says nothing about identity. */
const SKIPPED_KINDS = new Set(["Event", "Node", "Endpoints", "EndpointSlice"]);

export interface ExportedWorld {
  /** One multi-document YAML file with every cluster object, as `kubectl get -o yaml` shows them. */
  manifests: string;
  /** A directory of Azure CLI JSON exports (identities, credentials, roles, clusters, vaults). */
  azure: string;
}

/**
 * Writes the world as it is now: the cluster's objects (those users apply, or with `includeOwned`
 * also what controllers made from them) and Azure in the shapes `az ... -o json` prints, for the
 * offline doctor.
 */
export async function exportWorld(world: World, dir: string, opts: { includeOwned?: boolean } = {}): Promise<ExportedWorld> {
  const api = world.kube.api;
  const docs: string[] = [];
  const done = new Set<string>();
  for (const r of api.registry.list()) {
    // A custom resource served in several versions is stored once: export it once.
    if (r.virtual || SKIPPED_KINDS.has(r.kind) || done.has(storageKey(r))) continue;
    done.add(storageKey(r));
    for (const o of api.store.list(storageKey(r))) {
      if (r.kind === "ConfigMap" && o.metadata?.name === "kube-root-ca.crt") continue;
      // What controllers made (ReplicaSets, pods) repeats its owner's template; users apply the owners.
      if (!opts.includeOwned && (o.metadata?.ownerReferences ?? []).length > 0) continue;
      const { managedFields: _m, ...metadata } = o.metadata ?? {};
      docs.push(stringify(api.present(r, { ...structuredClone(o), metadata })));
    }
  }
  await mkdir(dir, { recursive: true });
  const manifests = join(dir, "cluster.yaml");
  await writeFile(manifests, docs.join("---\n"));

  const azureDir = join(dir, "azure");
  await mkdir(azureDir, { recursive: true });
  const state = world.azure.state;
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const identities = state.identities();
  await writeFile(join(azureDir, "identities.json"), json(identities));
  await writeFile(join(azureDir, "federated-credentials.json"), json(identities.flatMap((i) => state.federatedCredentials(i.id))));
  await writeFile(join(azureDir, "role-assignments.json"), json(state.roleAssignments()));
  await writeFile(join(azureDir, "clusters.json"), json(state.clusters()));
  await writeFile(join(azureDir, "keyvaults.json"), json(state.keyVaults()));
  return { manifests, azure: azureDir };
}
