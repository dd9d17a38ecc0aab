import { describe, expect, it } from "vitest";
import type { LiveProgress } from "@wid/core/sources/live";
import type { AzureProgress } from "@wid/core/sources/live-azure";
import { describeActivity } from "../../src/tui/activity.js";
import { LINE_INTERVAL_MS, stderrLineView } from "../../src/tui/stderr-line-view.js";

const reading: LiveProgress = {
  phase: "cluster",
  context: "aks-prod",
  requests: 27,
  retries: 2,
  resources: [
    { resource: "namespaces", requests: 1, objects: 50, state: "done" },
    { resource: "serviceaccounts", requests: 5, objects: 2_000, state: "done" },
    { resource: "pods", requests: 20, objects: 9_500, state: "reading" },
    { resource: "pods/log", requests: 1, objects: 1, state: "reading" },
  ],
};

describe("progress while a live cluster is read", () => {
  it("says which context, the requests and objects so far, and per resource what is still being read first", () => {
    expect(describeActivity({ kind: "cluster", progress: reading })).toEqual({
      label: "Reading cluster aks-prod",
      counts: "27 requests, 11,550 objects, 2 retries",
      file: "pods 20 (9,500) · pods/log 1 (1) · namespaces 1 (50) · serviceaccounts 5 (2,000)",
    });
  });

  it("draws it on the stderr line, throttled", () => {
    let stderr = "";
    let time = 0;
    const view = stderrLineView({ stdout: () => undefined, stderr: (t) => void (stderr += t) }, { columns: 200, now: () => time });
    view.reading(reading);
    view.reading({ ...reading, requests: 28 });
    time += LINE_INTERVAL_MS;
    view.reading({ ...reading, requests: 29, retries: 0 });
    expect(stderr.split("\r\u001b[2K").filter(Boolean)).toEqual([
      "wid: Reading cluster aks-prod (27 requests, 11,550 objects, 2 retries) pods 20 (9,500) · pods/log 1 (1) · namespaces 1 (50) · serviceaccounts 5 (2,000)",
      "wid: Reading cluster aks-prod (29 requests, 11,550 objects) pods 20 (9,500) · pods/log 1 (1) · namespaces 1 (50) · serviceaccounts 5 (2,000)",
    ]);
  });
});

describe("progress while live Azure is read", () => {
  it("says the requests, the subscriptions and the reads done, and requests per kind of read", () => {
    const progress: AzureProgress = { kind: "roleAssignments", requests: 14, byKind: { "sign-in": 1, identities: 2, roleAssignments: 11 }, bySubscription: { "sub-a": 9, "sub-b": 4 }, done: 5, total: 9 };
    expect(describeActivity({ kind: "azure", progress })).toEqual({ label: "Reading Azure", counts: "14 requests, 2 subscriptions, 5/9 reads", file: "sign-in 1 · identities 2 · roleAssignments 11" });
  });
});
