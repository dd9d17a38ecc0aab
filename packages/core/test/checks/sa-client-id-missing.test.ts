import { describe, expect, it } from "vitest";
import { saClientIdMissing } from "../../src/checks/sa-client-id-missing.js";
import { findings, where } from "../helpers/snapshot.js";

const deployment = (sa: string, label = '"true"') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    metadata:
      labels:
        azure.workload.identity/use: ${label}
    spec:
      serviceAccountName: ${sa}
      containers:
        - name: app
          image: app
`;

describe("sa-client-id-missing", () => {
  it("flags a ServiceAccount without the annotation, at its metadata", () => {
    const f = findings(saClientIdMissing, {
      manifests: {
        "sa.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: prod\n",
        "deploy.yaml": deployment("app"),
      },
    });
    expect(f.map(where)).toEqual(["sa-client-id-missing ServiceAccount prod/app @ sa.yaml:4:3"]);
    expect(f[0]!.workload).toMatchObject({ kind: "Deployment", name: "web", namespace: "prod" });
  });

  it("flags an empty annotation at its value", () => {
    const f = findings(saClientIdMissing, {
      manifests: {
        "sa.yaml": 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: prod\n  annotations:\n    azure.workload.identity/client-id: ""\n',
        "deploy.yaml": deployment("app"),
      },
    });
    expect(f.map(where)).toEqual(["sa-client-id-missing ServiceAccount prod/app @ sa.yaml:7:40"]);
  });

  it("passes an annotated ServiceAccount, and ignores unlabelled workloads", () => {
    expect(
      findings(saClientIdMissing, {
        manifests: {
          "sa.yaml":
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: prod\n  annotations:\n    azure.workload.identity/client-id: 11111111-2222-3333-4444-555555555555\n",
          "deploy.yaml": deployment("app"),
        },
      }),
    ).toEqual([]);
    expect(
      findings(saClientIdMissing, {
        manifests: {
          "sa.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: prod\n",
          "deploy.yaml": deployment("app", '"false"'),
        },
      }),
    ).toEqual([]);
  });
});
