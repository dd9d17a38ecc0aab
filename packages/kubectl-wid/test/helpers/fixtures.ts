import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A labelled Deployment whose ServiceAccount lacks the client-id annotation (line 4: its metadata). */
export const MISSING_CLIENT_ID = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: prod
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels:
        app: api
        azure.workload.identity/use: "true"
    spec:
      serviceAccountName: api
      containers:
        - name: api
          image: api:1
`;

export const ANNOTATED = MISSING_CLIENT_ID.replace(
  "  namespace: prod\n---",
  "  namespace: prod\n  annotations:\n    azure.workload.identity/client-id: 11111111-2222-3333-4444-555555555555\n---",
);

/** Writes files into a fresh temporary directory; returns its path. */
export function tempFiles(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "wid-in-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
