import type { KubeObj } from "./store.js";

/** Defaults the real apiserver applies when it decodes an object (pkg/apis/<group>/v1/defaults.go). */
export function applyDefaults(obj: KubeObj): void {
  const kind = obj.kind as string;
  obj.metadata ??= {};
  switch (kind) {
    case "Pod":
      obj.spec ??= {};
      defaultPodSpec(obj.spec);
      obj.status ??= { phase: "Pending", qosClass: "BestEffort" };
      break;
    case "Deployment":
      obj.spec ??= {};
      obj.spec.replicas ??= 1;
      obj.spec.revisionHistoryLimit ??= 10;
      obj.spec.progressDeadlineSeconds ??= 600;
      obj.spec.strategy ??= { type: "RollingUpdate" };
      if (obj.spec.strategy.type === "RollingUpdate") obj.spec.strategy.rollingUpdate ??= { maxUnavailable: "25%", maxSurge: "25%" };
      defaultTemplate(obj.spec);
      break;
    case "ReplicaSet":
    case "StatefulSet":
      obj.spec ??= {};
      obj.spec.replicas ??= 1;
      if (kind === "StatefulSet") {
        obj.spec.podManagementPolicy ??= "OrderedReady";
        obj.spec.revisionHistoryLimit ??= 10;
        obj.spec.updateStrategy ??= { type: "RollingUpdate", rollingUpdate: { partition: 0 } };
      }
      defaultTemplate(obj.spec);
      break;
    case "DaemonSet":
      obj.spec ??= {};
      obj.spec.revisionHistoryLimit ??= 10;
      obj.spec.updateStrategy ??= { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
      defaultTemplate(obj.spec);
      break;
    case "Job":
      obj.spec ??= {};
      obj.spec.backoffLimit ??= 6;
      obj.spec.completions ??= 1;
      obj.spec.parallelism ??= 1;
      obj.spec.completionMode ??= "NonIndexed";
      obj.spec.suspend ??= false;
      defaultTemplate(obj.spec, "Never");
      break;
    case "CronJob":
      obj.spec ??= {};
      obj.spec.concurrencyPolicy ??= "Allow";
      obj.spec.suspend ??= false;
      obj.spec.successfulJobsHistoryLimit ??= 3;
      obj.spec.failedJobsHistoryLimit ??= 1;
      if (obj.spec.jobTemplate?.spec) defaultTemplate(obj.spec.jobTemplate.spec, "Never");
      break;
    case "Service":
      obj.spec ??= {};
      obj.spec.type ??= "ClusterIP";
      obj.spec.sessionAffinity ??= "None";
      obj.spec.ipFamilyPolicy ??= "SingleStack";
      obj.spec.internalTrafficPolicy ??= "Cluster";
      for (const p of obj.spec.ports ?? []) {
        p.protocol ??= "TCP";
        p.targetPort ??= p.port;
      }
      break;
    case "Namespace":
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), "kubernetes.io/metadata.name": obj.metadata.name };
      obj.spec ??= { finalizers: ["kubernetes"] };
      obj.status ??= { phase: "Active" };
      break;
    case "Secret":
      obj.type ??= "Opaque";
      break;
  }
}

function defaultTemplate(spec: KubeObj, restartPolicy = "Always"): void {
  spec.template ??= {};
  spec.template.metadata ??= {};
  spec.template.spec ??= {};
  defaultPodSpec(spec.template.spec, restartPolicy);
}

function defaultPodSpec(spec: KubeObj, restartPolicy = "Always"): void {
  spec.restartPolicy ??= restartPolicy;
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= "ClusterFirst";
  spec.securityContext ??= {};
  spec.schedulerName ??= "default-scheduler";
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) defaultContainer(c);
  for (const v of spec.volumes ?? []) {
    if (v.projected) v.projected.defaultMode ??= 420;
    if (v.secret) v.secret.defaultMode ??= 420;
    if (v.configMap) v.configMap.defaultMode ??= 420;
    for (const s of v.projected?.sources ?? []) {
      if (s.serviceAccountToken) s.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
}

function defaultContainer(c: KubeObj): void {
  c.terminationMessagePath ??= "/dev/termination-log";
  c.terminationMessagePolicy ??= "File";
  c.resources ??= {};
  if (c.imagePullPolicy === undefined) {
    const image = String(c.image ?? "");
    const tag = image.includes("@") ? "digest" : image.slice(image.lastIndexOf("/") + 1).split(":")[1];
    c.imagePullPolicy = tag === undefined || tag === "latest" ? "Always" : "IfNotPresent";
  }
  for (const p of c.ports ?? []) p.protocol ??= "TCP";
}

/** Pod fields the apiserver fills after admission: the things a pod read back from a cluster has. */
export function finishPodCreate(pod: KubeObj): void {
  const spec = pod.spec;
  spec.serviceAccountName ??= "default";
  spec.serviceAccount = spec.serviceAccountName;
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= "PreemptLowerPriority";
  spec.priority ??= 0;
  spec.tolerations ??= [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
  ];
}
