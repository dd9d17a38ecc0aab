import type { Path } from "../model/location.js";
import type { KubeObject } from "../model/kube.js";
import { asArray, asRecord, asString, getIn, stringMap } from "../util/raw.js";

/** Where each workload kind keeps its pod template. */
const TEMPLATE_PATHS: Record<string, Path> = {
  Pod: [],
  Deployment: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

export interface ContainerView {
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  group: string;
  index: number;
  name: string;
  raw: Record<string, unknown>;
  /** Path of the container inside the object. */
  path: Path;
}

/** A pod template (or a Pod) seen uniformly, with paths back into the owning object. */
export interface Workload {
  object: KubeObject;
  kind: string;
  name: string;
  namespace: string;
  /** Path of the pod template inside the object (`[]` for a Pod). */
  templatePath: Path;
  /** Pod template labels and annotations, values as strings (`true` unquoted becomes "true"). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The same maps as written, for checks that care about YAML types (an unquoted `true`). */
  labelsRaw: Record<string, unknown>;
  annotationsRaw: Record<string, unknown>;
  podSpec: Record<string, unknown>;
  /** `spec.serviceAccountName`, else the deprecated `spec.serviceAccount`, else `default`. */
  serviceAccountName: string;
  serviceAccountNameWritten: boolean;
  containers: ContainerView[];
}

export function podPath(w: Workload, ...rest: (string | number)[]): Path {
  return [...w.templatePath, ...rest];
}

export function toWorkload(object: KubeObject): Workload | undefined {
  const templatePath = TEMPLATE_PATHS[object.kind];
  if (templatePath === undefined) return undefined;
  const template = asRecord(templatePath.length === 0 ? object.raw : getIn(object.raw, templatePath));
  const meta = asRecord(template["metadata"]);
  const podSpec = asRecord(template["spec"]);
  const saName = asString(podSpec["serviceAccountName"]) || asString(podSpec["serviceAccount"]);
  const containers: ContainerView[] = [];
  for (const group of ["initContainers", "containers", "ephemeralContainers"]) {
    asArray(podSpec[group]).forEach((c, index) => {
      const raw = asRecord(c);
      containers.push({ group, index, name: asString(raw["name"]) ?? "", raw, path: [...templatePath, "spec", group, index] });
    });
  }
  return {
    object,
    kind: object.kind,
    name: object.name,
    namespace: object.namespace ?? "default",
    templatePath,
    labels: stringMap(meta["labels"]),
    annotations: stringMap(meta["annotations"]),
    labelsRaw: asRecord(meta["labels"]),
    annotationsRaw: asRecord(meta["annotations"]),
    podSpec,
    serviceAccountName: saName || "default",
    serviceAccountNameWritten: Boolean(saName),
    containers,
  };
}
