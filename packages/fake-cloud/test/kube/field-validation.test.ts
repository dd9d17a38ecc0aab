import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "../../src/world.js";
import { defaultScenario } from "../../src/scenario/default.js";
import { KUBECTL, kubectl } from "./helpers/kubectl.js";
import { kubeRequest } from "./helpers/raw.js";

// Expected texts come from the apiserver's handlers (create.go, patch.go), its field validation
// integration test (test/integration/apiserver/field_validation_test.go) and structuredmerge.go.

const typo = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      serviceAcountName: orders
      containers:
      - name: app
        image: shopacr.azurecr.io/orders:1.4.2
`;

/** What a real team's manifests hold: every field below exists, so nothing may be reported. */
const fullManifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: full
  namespace: shop
  labels: {app: full}
  annotations: {team: shop}
spec:
  replicas: 2
  revisionHistoryLimit: 5
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  selector: {matchLabels: {app: full}}
  template:
    metadata:
      labels: {app: full, azure.workload.identity/use: "true"}
      annotations: {azure.workload.identity/skip-containers: init}
    spec:
      serviceAccountName: orders
      securityContext: {runAsNonRoot: true, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector: {matchExpressions: [{key: app, operator: In, values: [full]}]}
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: full}}}
      tolerations: [{key: dedicated, operator: Equal, value: shop, effect: NoSchedule}]
      nodeSelector: {kubernetes.io/os: linux}
      volumes:
      - name: settings
        configMap: {name: settings, items: [{key: mode, path: mode.txt}]}
      - name: scratch
        emptyDir: {sizeLimit: 1Gi}
      - name: secrets
        csi: {driver: secrets-store.csi.k8s.io, readOnly: true, volumeAttributes: {secretProviderClass: shop-kv}}
      initContainers:
      - {name: init, image: busybox:1.36, command: [sh, -c, "true"]}
      containers:
      - name: app
        image: shopacr.azurecr.io/orders:1.4.2
        ports: [{containerPort: 8080, name: http}]
        env:
        - {name: MODE, value: fast}
        - name: POD_NAME
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
        - name: DB_PASSWORD
          valueFrom: {secretKeyRef: {name: db, key: password, optional: true}}
        envFrom: [{configMapRef: {name: settings}}]
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
        readinessProbe: {httpGet: {path: /healthz, port: http}, initialDelaySeconds: 3}
        livenessProbe: {tcpSocket: {port: 8080}, periodSeconds: 10}
        startupProbe: {exec: {command: [cat, /tmp/ready]}, failureThreshold: 30}
        lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
        volumeMounts: [{name: settings, mountPath: /etc/settings, readOnly: true}, {name: scratch, mountPath: /tmp}]
---
apiVersion: v1
kind: Service
metadata: {name: full, namespace: shop}
spec:
  selector: {app: full}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: shop}
spec:
  schedule: "0 2 * * *"
  timeZone: Etc/UTC
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        metadata: {labels: {azure.workload.identity/use: "true"}}
        spec:
          serviceAccountName: orders
          restartPolicy: OnFailure
          containers: [{name: job, image: busybox:1.36, args: [echo, hi]}]
---
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata: {name: shop-kv, namespace: shop}
spec:
  provider: azure
  parameters: {clientID: 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e, keyvaultName: shop-kv, tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47}
`;

const widgetCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
              labels: {type: object, additionalProperties: {type: string}}
`;

describe.skipIf(!KUBECTL)("server-side field validation with the real kubectl", { timeout: 90_000 }, () => {
  let world: World;
  const k = (args: string[], opts?: Parameters<typeof kubectl>[2]) => kubectl(world.kubeconfigPath, args, opts);

  beforeAll(async () => {
    world = await startWorld(defaultScenario(), { trustInProcess: true });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it("refuses to create from a manifest with a misspelled field, as kubectl >= 1.27 asks (fieldValidation=Strict)", async () => {
    const r = await k(["apply", "-f", "-"], { input: typo("typo") });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.serviceAcountName"',
    );
    const g = await k(["get", "deployment", "typo", "-n", "shop"]);
    expect(g.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "typo" not found');
  });

  it("creates with a warning under --validate=warn and silently under --validate=false, dropping the unknown field", async () => {
    const warned = await k(["apply", "--validate=warn", "-f", "-"], { input: typo("typo-warn") });
    expect(warned.code).toBe(0);
    expect(warned.stdout).toBe("deployment.apps/typo-warn created\n");
    expect(warned.stderr).toBe('Warning: unknown field "spec.template.spec.serviceAcountName"\n');
    const ignored = await k(["apply", "--validate=false", "-f", "-"], { input: typo("typo-ignore") });
    expect(ignored.stderr).toBe("");
    expect(ignored.stdout).toBe("deployment.apps/typo-ignore created\n");
    for (const name of ["typo-warn", "typo-ignore"]) {
      const d = JSON.parse((await k(["get", "deployment", name, "-n", "shop", "-o", "json"])).stdout);
      expect(Object.keys(d.spec.template.spec)).not.toContain("serviceAcountName");
      expect(d.spec.template.spec.serviceAccountName).toBeUndefined();
    }
  });

  it("rejects the typo in a strategic merge patch of an existing object, and in server-side apply", async () => {
    // The object exists (created above, without the field); the last applied configuration has it.
    const patch = await k(["apply", "-f", "-"], { input: typo("typo-ignore") });
    expect(patch.code).toBe(1);
    expect(patch.stderr.trim()).toBe(
      'The request is invalid: patch: Invalid value: "map[spec:map[template:map[spec:map[serviceAcountName:orders]]]]": strict decoding error: unknown field "spec.template.spec.serviceAcountName"',
    );
    const ssa = await k(["apply", "--server-side", "-f", "-"], { input: typo("typo-ssa") });
    expect(ssa.code).toBe(1);
    expect(ssa.stderr.trim()).toBe(
      "Error from server: failed to create typed patch object (shop/typo-ssa; apps/v1, Kind=Deployment): .spec.template.spec.serviceAcountName: field not declared in schema",
    );
    // Server-side apply types the object whatever the directive.
    const ssaIgnore = await k(["apply", "--server-side", "--validate=false", "-f", "-"], { input: typo("typo-ssa") });
    expect(ssaIgnore.code).toBe(1);
    expect((await k(["get", "deployment", "typo-ssa", "-n", "shop"])).code).toBe(1);
  });

  it("takes a full, correct manifest client-side, again and server-side without a word, and objects read back replace unchanged", async () => {
    for (const args of [["apply"], ["apply"], ["apply", "--server-side", "--force-conflicts"]]) {
      const r = await k([...args, "-f", "-"], { input: fullManifest });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    await world.kube.settle();
    const before = JSON.parse((await k(["get", "deployment", "full", "-n", "shop", "-o", "json"])).stdout);
    const replaced = await k(["replace", "-f", "-"], { input: JSON.stringify(before) });
    expect(replaced.stderr).toBe("");
    expect(replaced.stdout).toBe("deployment.apps/full replaced\n");
    await world.kube.settle();
    const after = JSON.parse((await k(["get", "deployment", "full", "-n", "shop", "-o", "json"])).stdout);
    expect(after.metadata.generation).toBe(before.metadata.generation);
    const sets = JSON.parse((await k(["get", "replicasets", "-n", "shop", "-l", "app=full", "-o", "json"])).stdout);
    expect(sets.items).toHaveLength(1);
    const pods = JSON.parse((await k(["get", "pods", "-n", "shop", "-l", "app=full", "-o", "json"])).stdout);
    const pod = await k(["replace", "-f", "-"], { input: JSON.stringify(pods.items[0]) });
    expect(pod.stderr).toBe("");
    expect(pod.stdout).toBe(`pod/${pods.items[0].metadata.name} replaced\n`);
  });

  it("refuses values of the wrong type as Go's decoder does, the workload identity label as a YAML boolean first of all", async () => {
    const manifest = (labels: string, replicas: string, env: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: typed, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: typed}}
  template:
    metadata:
      labels: {app: typed, ${labels}}
    spec:
      serviceAccountName: orders
      containers:
      - name: app
        image: shopacr.azurecr.io/orders:1.4.2
        env: [{name: PORT, value: ${env}}]
        ports: [{containerPort: 8080, name: http}]
        resources: {requests: {cpu: 1, memory: 1Gi}}
`;
    const cannot = (why: string) => `Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal ${why}`;
    const label = await k(["apply", "-f", "-"], { input: manifest("azure.workload.identity/use: true", "1", '"8080"') });
    expect(label.stderr.trim()).toBe(cannot("bool into Go struct field ObjectMeta.spec.template.metadata.labels of type string"));
    const replicas = await k(["apply", "-f", "-"], { input: manifest('azure.workload.identity/use: "true"', '"2"', '"8080"') });
    expect(replicas.stderr.trim()).toBe(cannot("string into Go struct field DeploymentSpec.spec.replicas of type int32"));
    const env = await k(["apply", "-f", "-"], { input: manifest('azure.workload.identity/use: "true"', "1", "8080") });
    expect(env.stderr.trim()).toBe(cannot("number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string"));
    // Quantities take numbers; with every type right, it goes in.
    const ok = await k(["apply", "-f", "-"], { input: manifest('azure.workload.identity/use: "true"', "1", '"8080"') });
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toBe("deployment.apps/typed created\n");
    // On the existing object kubectl sends a strategic merge patch: the converter's words then.
    const patched = await k(["apply", "-f", "-"], { input: manifest("azure.workload.identity/use: true", "1", '"8080"') });
    expect(patched.code).toBe(1);
    expect(patched.stderr.trim()).toMatch(/^The request is invalid: patch: Invalid value: "map\[.*\]": unrecognized type: string$/s);
    // Server-side apply types the object first (structured-merge-diff's words, map keys and list keys in the path).
    const ssa = await k(["apply", "--server-side", "-f", "-"], { input: manifest('azure.workload.identity/use: "true"', "1", "8080") });
    expect(ssa.stderr.trim()).toBe(
      'Error from server: failed to create typed patch object (shop/typed; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="app"].env[name="PORT"].value: expected string, got &value.valueUnstructured{Value:8080}',
    );
    const merge = await k(["patch", "deployment", "typed", "-n", "shop", "--type=merge", "-p", '{"spec":{"replicas":"3"}}']);
    expect(merge.stderr.trim()).toMatch(/^The request is invalid: patch: Invalid value: "\{.*\}": json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32$/s);
  });

  it("applies a kind: List manifest (kubectl reads /openapi/v2 for it), its items still validated by the server", async () => {
    const list = (name: string, field: string) => `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: ${name}, namespace: analytics}\n  ${field}: {a: b}\n`;
    const ok = await k(["apply", "-f", "-"], { input: list("listed", "data") });
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toBe("configmap/listed created\n");
    const typo = await k(["apply", "-f", "-"], { input: list("listed-2", "dta") });
    expect(typo.stderr.trim()).toBe(
      'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dta"',
    );
    // What kubectl get prints is a List too: it goes back as it came.
    const back = await k(["get", "configmaps", "-n", "analytics", "-o", "yaml"]);
    const replaced = await k(["replace", "-f", "-"], { input: back.stdout });
    expect(replaced.stderr).toBe("");
    expect(replaced.stdout).toContain("configmap/listed replaced\n");
  });

  it("checks custom resources against their CRD's schema, and not those whose schema keeps unknown fields", async () => {
    expect((await k(["apply", "-f", "-"], { input: widgetCrd })).code).toBe(0);
    const cr = (field: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\nspec: {${field}: 3, labels: {a: b}}\n`;
    const bad = await k(["apply", "-f", "-"], { input: cr("sise") });
    expect(bad.stderr.trim()).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.sise"',
    );
    expect((await k(["apply", "-f", "-"], { input: cr("size") })).stdout).toBe("widget.example.com/w created\n");
    // The SecretProviderClass CRD preserves unknown fields: anything under spec goes.
    const spc = "apiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\nmetadata: {name: free, namespace: shop}\nspec: {provider: azure, anything: {at: all}}\n";
    const free = await k(["apply", "-f", "-"], { input: spc });
    expect(free.stderr).toBe("");
    expect(free.stdout).toBe("secretproviderclass.secrets-store.csi.x-k8s.io/free created\n");
  });
});

describe("server-side field validation on the wire", { timeout: 60_000 }, () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(defaultScenario());
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  // A duplicate of a known field, an unknown field (repeated: reported once), a nested unknown field.
  const messy = (name: string) =>
    `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"${name}","name":"${name}","namespace":"analytics","labelz":{"a":"b"},"labelz":{}},` +
    `"spec":{"replicas":1,"replicas":2,"selector":{"matchLabels":{"app":"m"}},"template":{"metadata":{"labels":{"app":"m"}},` +
    `"spec":{"containers":[{"name":"c","image":"busybox","imagePolicy":"Always"}]}}}}`;
  const expected = ['duplicate field "metadata.name"', 'unknown field "metadata.labelz"', 'duplicate field "spec.replicas"', 'unknown field "spec.template.spec.containers[0].imagePolicy"'];
  const deployments = "/apis/apps/v1/namespaces/analytics/deployments";

  it("Strict: a 400 listing every problem in document order", async () => {
    const r = await kubeRequest(world, "POST", `${deployments}?fieldValidation=Strict`, messy("strict"));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ${expected.join(", ")}`,
      reason: "BadRequest",
      code: 400,
    });
  });

  it("Warn (the default): one Warning header per problem; the object is stored without unknown fields, the last duplicate winning", async () => {
    const r = await kubeRequest(world, "POST", deployments, messy("warned"));
    expect(r.status).toBe(201);
    expect(r.headers["warning"]).toEqual(expected.map((e) => `299 - ${JSON.stringify(e)}`));
    expect(r.body.metadata.labelz).toBeUndefined();
    expect(r.body.spec.replicas).toBe(2);
    expect(r.body.spec.template.spec.containers[0].imagePolicy).toBeUndefined();
  });

  it("Ignore: no warning; an unsupported directive is the options' 422", async () => {
    const r = await kubeRequest(world, "POST", `${deployments}?fieldValidation=Ignore`, messy("ignored"));
    expect(r.status).toBe(201);
    expect(r.headers["warning"]).toBeUndefined();
    const bad = await kubeRequest(world, "POST", `${deployments}?fieldValidation=Loose`, messy("loose"));
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe('CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"');
    expect(bad.body.details).toEqual({
      group: "meta.k8s.io",
      kind: "CreateOptions",
      causes: [{ reason: "FieldValueNotSupported", message: 'Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"', field: "fieldValidation" }],
    });
  });

  it("a wrong type fails whatever the directive; a fraction in an integer field is quoted", async () => {
    const body = JSON.stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "half", namespace: "analytics" }, spec: { replicas: 1.5, selector: { matchLabels: { app: "h" } }, template: { metadata: { labels: { app: "h" } }, spec: { containers: [{ name: "c", image: "busybox" }] } } } });
    const r = await kubeRequest(world, "POST", `${deployments}?fieldValidation=Ignore`, body);
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32');
  });

  it("a YAML body reports repeated keys by line, then unknown fields", async () => {
    const yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  name: y\n  labelz: {a: b}\ndata: {a: b}\n";
    const r = await kubeRequest(world, "POST", "/api/v1/namespaces/analytics/configmaps?fieldValidation=Strict", yaml, "application/yaml");
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: yaml: unmarshal errors:\n  line 5: key "name" already set in map, unknown field "metadata.labelz"',
    );
  });

  it("patches: duplicates in the patch, then unknown fields of the result, as the patch's 422", async () => {
    const path = "/api/v1/namespaces/shop/serviceaccounts/orders?fieldValidation=Strict";
    const merge = await kubeRequest(world, "PATCH", path, '{"metadata":{"labels":{"a":"b"},"labels":{"a":"c"},"lables":{"a":"b"}}}', "application/merge-patch+json");
    expect(merge.status).toBe(422);
    expect(merge.body.reason).toBe("Invalid");
    expect(merge.body.details).toEqual({ causes: [expect.objectContaining({ reason: "FieldValueInvalid", field: "patch" })] });
    expect(merge.body.message).toMatch(/^ "" is invalid: patch: Invalid value: "\{.*\}": strict decoding error: duplicate field "metadata\.labels", unknown field "metadata\.lables"$/);
    const json = await kubeRequest(world, "PATCH", path, '[{"op":"add","path":"/metadata/lables","value":{},"why":"typo"}]', "application/json-patch+json");
    expect(json.status).toBe(422);
    expect(json.body.message).toMatch(/: strict decoding error: json patch unknown field "\[0\]\.why", unknown field "metadata\.lables"$/);
    const sa = await kubeRequest(world, "GET", "/api/v1/namespaces/shop/serviceaccounts/orders");
    expect(sa.body.metadata.labels?.["a"]).toBeUndefined();
  });

  it("server-side apply: repeated keys after the apply succeeds (Strict: 400, Warn: warnings)", async () => {
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied","namespace":"analytics"},"data":{"a":"1","a":"2"}}';
    const path = "/api/v1/namespaces/analytics/configmaps/applied?fieldManager=test";
    const strict = await kubeRequest(world, "PATCH", `${path}&fieldValidation=Strict`, body, "application/apply-patch+yaml");
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe('error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  line 1: key "a" already set in map');
    expect((await kubeRequest(world, "GET", "/api/v1/namespaces/analytics/configmaps/applied")).status).toBe(404);
    const warned = await kubeRequest(world, "PATCH", path, body, "application/apply-patch+yaml");
    expect(warned.status).toBe(201);
    expect(warned.headers["warning"]).toEqual(['299 - "line 1: key \\"a\\" already set in map"']);
  });
});
