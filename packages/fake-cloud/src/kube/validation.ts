import type { KubeObj } from "./store.js";
import { errors } from "./status.js";
import { labelSelectorMatcher } from "./selectors.js";
import type { ResourceType } from "./resources.js";
import { canonicalJson } from "./canonical.js";

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Kinds whose names must be DNS labels rather than subdomains. */
const LABEL_NAMED = new Set(["Namespace", "Service"]);

type Cause = { field: string; message: string; type?: string };

function fail(r: ResourceType, name: string, causes: Cause[]): never {
  throw errors.invalid(r.kind, r.group, name, causes);
}

/** Create-time validation: the checks a user is likely to trip over, with the real texts. */
export function validateCreate(r: ResourceType, obj: KubeObj): void {
  const name: string = obj.metadata?.name ?? "";
  if (!name) fail(r, "", [{ field: "metadata.name", message: "Required value: name or generateName is required", type: "FieldValueRequired" }]);
  const labelNamed = LABEL_NAMED.has(r.kind);
  const ok = labelNamed ? LABEL.test(name) && name.length <= 63 : SUBDOMAIN.test(name) && name.length <= 253;
  if (!ok) fail(r, name, [{ field: "metadata.name", message: `Invalid value: "${name}": ${labelNamed ? LABEL_MSG : SUBDOMAIN_MSG}` }]);
  validateSpec(r, obj);
}

export function validateSpec(r: ResourceType, obj: KubeObj): void {
  const name: string = obj.metadata?.name ?? "";
  const causes: Cause[] = [];
  if (r.kind === "Pod") podSpecCauses(obj.spec, "spec", causes);
  if (["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"].includes(r.kind)) {
    const spec = obj.spec ?? {};
    if (!spec.selector) causes.push({ field: "spec.selector", message: "Required value", type: "FieldValueRequired" });
    else {
      const labels = spec.template?.metadata?.labels ?? {};
      const empty = !Object.keys(spec.selector.matchLabels ?? {}).length && !(spec.selector.matchExpressions ?? []).length;
      if (empty) causes.push({ field: "spec.selector", message: "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment" });
      else if (!labelSelectorMatcher(spec.selector)(labels)) {
        causes.push({ field: "spec.template.metadata.labels", message: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\`` });
      }
    }
    podSpecCauses(spec.template?.spec, "spec.template.spec", causes);
  }
  if (causes.length) fail(r, name, causes);
}

function podSpecCauses(spec: KubeObj | undefined, at: string, causes: Cause[]): void {
  const containers: KubeObj[] = spec?.containers ?? [];
  if (containers.length === 0) causes.push({ field: `${at}.containers`, message: "Required value", type: "FieldValueRequired" });
  const lists: [string, KubeObj[]][] = [
    ["initContainers", spec?.initContainers ?? []],
    ["containers", containers],
  ];
  for (const [field, list] of lists) {
    list.forEach((c, i) => {
      if (!c.image) causes.push({ field: `${at}.${field}[${i}].image`, message: "Required value", type: "FieldValueRequired" });
      (c.ports ?? []).forEach((p: KubeObj, j: number) => {
        const port = p.containerPort;
        if (typeof port !== "number" || port < 1 || port > 65535) {
          causes.push({ field: `${at}.${field}[${i}].ports[${j}].containerPort`, message: `Invalid value: ${port}: must be between 1 and 65535, inclusive` });
        }
      });
    });
  }
}

function goMap(m: Record<string, string>): string {
  const entries = Object.entries(m)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `"${k}":"${v}"`);
  return `map[string]string{${entries.join(", ")}}`;
}

/** Update-time validation: immutable fields as the real strategies enforce them. */
export function validateUpdate(r: ResourceType, oldObj: KubeObj, obj: KubeObj): void {
  const name: string = obj.metadata?.name ?? "";
  if (["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"].includes(r.kind)) {
    if (canonicalJson(oldObj.spec?.selector) !== canonicalJson(obj.spec?.selector)) {
      fail(r, name, [{ field: "spec.selector", message: `Invalid value: ${goSelector(obj.spec?.selector)}: field is immutable` }]);
    }
  }
  if (r.kind === "Pod") {
    const strip = (spec: KubeObj | undefined) => {
      const s = structuredClone(spec ?? {});
      for (const c of [...(s.containers ?? []), ...(s.initContainers ?? [])]) delete c.image;
      delete s.activeDeadlineSeconds;
      delete s.tolerations;
      delete s.terminationGracePeriodSeconds;
      return canonicalJson(s);
    };
    if (strip(oldObj.spec) !== strip(obj.spec)) {
      fail(r, name, [
        {
          field: "spec",
          message:
            "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
          type: "FieldValueForbidden",
        },
      ]);
    }
  }
  validateSpec(r, obj);
}

function goSelector(sel: KubeObj | undefined): string {
  const ml = sel?.matchLabels as Record<string, string> | undefined;
  return `v1.LabelSelector{MatchLabels:${ml ? goMap(ml) : "map[string]string(nil)"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;
}
