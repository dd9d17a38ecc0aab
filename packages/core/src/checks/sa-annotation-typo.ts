import type { Path } from "../model/location.js";
import type { KubeObject } from "../model/kube.js";
import type { Workload } from "../engine/workloads.js";
import { renameKey, setField } from "../fixes/builders/index.js";
import { metaMap, metaValue, type MetaMap } from "./shared/kube-meta.js";
import { POD_ANNOTATIONS, SA_ANNOTATIONS, wiAnnotationMeant } from "./shared/kube-wi-keys.js";
import { DEPLOYMENT, example, WORLD, yamlDocuments } from "./shared/example-world.js";
import { defineCheck, type CheckContext } from "./types.js";

const messages = {
    typo: '{object} has annotation "{key}", which the webhook ignores: did you mean "{canonical}"?',
    shadowed: '{object} has both "{canonical}" and the misspelled "{key}"; the webhook reads only the first',
} as const;

export const saAnnotationTypo = defineCheck({
  meta: {
    id: "sa-annotation-typo",
    severity: "error",
    data: ["M", "K"],
    title: "A workload identity annotation key is misspelled",
    condition: "an annotation key near `azure.workload.identity/*` but misspelled (`client_id`, `clientId`, wrong prefix)",
    symptom: "as sa-client-id-missing",
    description: `The webhook looks annotations up by their exact keys. A key that is almost right
(\`azure.workload.identity/client_id\`, \`azure.workload.identity/clientId\`, \`azure.workload.identity/client-ID\`,
or a wrong prefix such as \`azure.workload.identity.io/\`, \`azure-workload-identity/\` or
\`workload.identity.azure.com/\`) is silently ignored: Kubernetes accepts any well-formed key, so nothing
fails at apply time. A misspelled \`client-id\` behaves as if it were missing (no \`AZURE_CLIENT_ID\`, and the
SDK falls back to the node's identity); a misspelled \`tenant-id\` leaves the webhook's default tenant in
place; a misspelled token expiration, \`skip-containers\`, \`inject-proxy-sidecar\` or
\`proxy-sidecar-port\` on the pod template is not applied.

The ServiceAccount keys are \`client-id\`, \`tenant-id\` and \`service-account-token-expiration\`; the pod keys
are \`service-account-token-expiration\`, \`skip-containers\`, \`inject-proxy-sidecar\` and \`proxy-sidecar-port\`,
all under the prefix \`azure.workload.identity/\`. A key on the wrong kind of object is reported by
sa-annotation-on-wrong-object instead.

Fix: rename the key to its exact spelling, keeping the value. When the correct key is also present, the
misspelled one is dead weight: delete it.`,
    messages,
    needs: ["kube"],
    fixable: true,
    examples: {
      bad: example(
        yamlDocuments(
          `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    azure.workload.identity/client_id: ${WORLD.clientId}   # an underscore, not a dash
`,
          DEPLOYMENT,
        ),
      ),
      good: example(),
    },
  },
  detect(ctx) {
    for (const sa of ctx.index.byKind("ServiceAccount")) {
      const user = ctx.index.workloadsOf(sa.namespace ?? "default", sa.name)[0];
      checkMap(ctx, sa, metaMap(sa, "annotations"), SA_ANNOTATIONS, `ServiceAccount ${sa.namespace}/${sa.name}`, user);
    }
    for (const w of ctx.index.workloads) {
      checkMap(ctx, w.object, metaMap(w.object, "annotations", w.templatePath), POD_ANNOTATIONS, podTemplateName(w), w);
    }
  },
});

function podTemplateName(w: Workload): string {
  return w.kind === "Pod" ? `Pod ${w.namespace}/${w.name}` : `the pod template of ${w.kind} ${w.namespace}/${w.name}`;
}

function checkMap(ctx: CheckContext<typeof messages>, o: KubeObject, map: MetaMap, keys: readonly string[], name: string, workload?: Workload): void {
  for (const key of Object.keys(map.raw)) {
    const meant = wiAnnotationMeant(key);
    if (!meant || meant.exact || !keys.includes(meant.canonical)) continue;
    const path: Path = [...map.path, key];
    const value = metaValue(map, key);
    const shadowed = meant.canonical in map.raw;
    ctx.report({
      object: o,
      path,
      key: true,
      messageId: shadowed ? "shadowed" : "typo",
      ...(shadowed ? { severity: "warning" as const } : {}),
      data: { object: name, key, canonical: meant.canonical },
      evidence: { expected: meant.canonical, actual: key, value },
      fixes: [
        shadowed
          ? setField(o, path, undefined, `Delete the misspelled annotation "${key}"`)
          : renameKey(o, map.path, key, meant.canonical, value, `Rename "${key}" to "${meant.canonical}"`),
      ],
      ...(workload ? { workload } : {}),
    });
  }
}
