import type { KubeObj, ObjectStore } from "./store.js";
import { BUILTIN_RESOURCES, resourcesFromCrd, type ResourceType } from "./resources.js";

export function storageKey(r: Pick<ResourceType, "group" | "plural">): string {
  return `${r.group}/${r.plural}`;
}

/** The served resources: the built-ins plus those of every stored CustomResourceDefinition. */
export class ResourceRegistry {
  private all: ResourceType[] = [...BUILTIN_RESOURCES];

  constructor(private readonly store: ObjectStore) {
    store.events.on("change", (ev: { resource: string }) => {
      if (ev.resource === "apiextensions.k8s.io/customresourcedefinitions") this.refresh();
    });
  }

  refresh(): void {
    const crds = this.store.list("apiextensions.k8s.io/customresourcedefinitions");
    this.all = [...BUILTIN_RESOURCES, ...crds.flatMap((c: KubeObj) => resourcesFromCrd(c))];
  }

  list(): readonly ResourceType[] {
    return this.all;
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.all.find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  /** The resource that stores objects of this apiVersion/kind. */
  forKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes("/") ? (apiVersion.split("/") as [string, string]) : ["", apiVersion];
    return this.all.find((r) => r.group === group && r.version === version && r.kind === kind && !r.virtual);
  }

  isBuiltin(r: ResourceType): boolean {
    return BUILTIN_RESOURCES.includes(r);
  }
}
