import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { applyManifestEdits, valueDigest, type ManifestEdit } from "@wid/core";

const CLIENT_ID = "azure.workload.identity/client-id";
const USE = "azure.workload.identity/use";

const set = (path: ManifestEdit["path"], value: unknown, expect: ManifestEdit["expect"] = { absent: true }, documentIndex = 0): ManifestEdit => ({ op: "set", documentIndex, path, value, expect });
const del = (path: ManifestEdit["path"], expect: ManifestEdit["expect"], documentIndex = 0): ManifestEdit => ({ op: "delete", documentIndex, path, expect });
const rename = (path: ManifestEdit["path"], newKey: string, expect: ManifestEdit["expect"], documentIndex = 0): ManifestEdit => ({ op: "rename-key", documentIndex, path, newKey, expect });

/** The text after the edits, asserting every edit applied. */
function applied(text: string, ...edits: ManifestEdit[]): string {
  const r = applyManifestEdits(text, edits);
  expect(r.outcomes.map((o) => [o.status, o.reason])).toEqual(edits.map(() => ["applied", undefined]));
  return r.text;
}

const SA = `# the identity of the app
apiVersion: v1
kind: ServiceAccount
metadata:
  name: app   # keep this comment
  namespace: prod
  annotations:
    # who we are
    ${CLIENT_ID}: "11111111-2222-3333-4444-555555555555"
    azure.workload.identity/tenant_id: 'tenant' # misspelled
`;

describe("the manifest executor", () => {
  it("replaces a value in place, in its quoting style, and keeps every other byte", () => {
    const out = applied(SA, set(["metadata", "annotations", CLIENT_ID], "99999999-2222-3333-4444-555555555555", { value: "11111111-2222-3333-4444-555555555555" }));
    expect(out).toBe(SA.replace('"11111111-2222-3333-4444-555555555555"', '"99999999-2222-3333-4444-555555555555"'));
    const single = applied(SA, set(["metadata", "annotations", "azure.workload.identity/tenant_id"], "it's", { value: "tenant" }));
    expect(single).toBe(SA.replace("'tenant'", "'it''s'"));
  });

  it("renames a misspelled key where it stands, keeping its value and comment", () => {
    const out = applied(SA, rename(["metadata", "annotations", "azure.workload.identity/tenant_id"], "azure.workload.identity/tenant-id", { value: "tenant" }));
    expect(out).toBe(SA.replace("azure.workload.identity/tenant_id: 'tenant' # misspelled", "azure.workload.identity/tenant-id: 'tenant' # misspelled"));
  });

  it("renames a key and writes the value it must have in one edit, keeping its place, its quotes and its comment; a second time changes nothing", () => {
    const edit: ManifestEdit = { op: "rename-key", documentIndex: 0, path: ["metadata", "annotations", "azure.workload.identity/tenant_id"], newKey: "azure.workload.identity/tenant-id", value: "72f988bf", expect: { value: "tenant" } };
    const r = applyManifestEdits(SA, [edit]);
    const line = "azure.workload.identity/tenant_id: 'tenant' # misspelled";
    expect(r.text).toBe(SA.replace(line, "azure.workload.identity/tenant-id: '72f988bf' # misspelled"));
    expect(r.outcomes[0]!.splice).toEqual({ from: SA.indexOf(line), to: SA.indexOf(line) + line.indexOf(" #"), insert: "azure.workload.identity/tenant-id: '72f988bf'" });
    const again = applyManifestEdits(r.text, [edit]);
    expect([again.text, again.outcomes[0]!.status]).toEqual([r.text, "unchanged"]);
    // renamed by hand to another value since: refused, not overwritten
    const other = applyManifestEdits(r.text.replace("'72f988bf'", "'other'"), [edit]);
    expect(other.outcomes[0]!.status).toBe("refused");
  });

  it("inserts a missing key after the map's last entry, at the file's own indentation", () => {
    const four = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n    name: app # here\n    namespace: prod\n";
    expect(applied(four, set(["metadata", "annotations", CLIENT_ID], "abc"))).toBe(`${four}    annotations:\n        ${CLIENT_ID}: abc\n`);
    const noFinalNewline = "kind: ServiceAccount\nmetadata:\n  name: app";
    expect(applied(noFinalNewline, set(["metadata", "labels", USE], "true"))).toBe(`${noFinalNewline}\n  labels:\n    ${USE}: "true"\n`);
  });

  it("fills an empty map written as `key:` or `{}`", () => {
    expect(applied("metadata:\n  name: a\n  annotations:\nspec: {}\n", set(["metadata", "annotations", "k"], "v", { absent: true }))).toBe("metadata:\n  name: a\n  annotations:\n    k: v\nspec: {}\n");
    expect(applied("metadata:\n  name: a\n  annotations: {}\n", set(["metadata", "annotations", "k"], "v"))).toBe("metadata:\n  name: a\n  annotations: { k: v }\n");
  });

  it("removes a key, a list item, and writes an emptied map as {}", () => {
    const out = applied(SA, del(["metadata", "annotations", "azure.workload.identity/tenant_id"], { value: "tenant" }));
    expect(out).toBe(SA.replace("    azure.workload.identity/tenant_id: 'tenant' # misspelled\n", ""));
    const one = "metadata:\n  annotations:\n    k: v\n  name: a\n";
    expect(applied(one, del(["metadata", "annotations", "k"], { value: "v" }))).toBe("metadata:\n  annotations: {}\n  name: a\n");
  });

  it("addresses list items by name, so containers and env entries are found where they are", () => {
    const dep = `kind: Deployment
spec:
  template:
    spec:
      containers:
      - name: sidecar
        image: s
      - name: app
        env:
        - {name: A, value: "1"}
        - name: AZURE_CLIENT_ID
          value: 'x' # hard-coded
`;
    const value = ["spec", "template", "spec", "containers", { name: "app" }, "env", { name: "AZURE_CLIENT_ID" }, "value"];
    expect(applied(dep, set(value, "y", { value: "x" }))).toBe(dep.replace("value: 'x'", "value: 'y'"));
    const item = ["spec", "template", "spec", "containers", { name: "app" }, "env", { name: "AZURE_CLIENT_ID" }];
    expect(applied(dep, del(item, { digest: valueDigest({ name: "AZURE_CLIENT_ID", value: "x" }) }))).toBe(dep.replace("        - name: AZURE_CLIENT_ID\n          value: 'x' # hard-coded\n", ""));
    const twice = dep.replace("name: sidecar", "name: app");
    expect(applyManifestEdits(twice, [set(value, "y", { value: "x" })]).outcomes[0]).toMatchObject({ status: "refused", reason: expect.stringMatching(/2 items are named app/) });
  });

  it("keeps CRLF line ends, a file without a final newline and the other documents as they were", () => {
    const crlf = SA.replace(/\n/g, "\r\n");
    const out = applied(crlf, set(["metadata", "labels", USE], "true"));
    expect(out.startsWith(crlf)).toBe(true);
    expect(out.slice(crlf.length)).toBe(`  labels:\r\n    ${USE}: "true"\r\n`);
    expect(out.replace(/\r\n/g, "")).not.toContain("\n");

    const multi = `${SA}---\n# second\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: b\n---\nkind: ConfigMap\n`;
    const second = applied(multi, set(["metadata", "annotations", CLIENT_ID], "abc", { absent: true }, 1));
    expect(second).toBe(multi.replace("  name: b\n", `  name: b\n  annotations:\n    ${CLIENT_ID}: abc\n`));
  });

  it("applies several edits to one document and to several documents of one file", () => {
    const multi = `${SA}---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: b\n`;
    const out = applied(
      multi,
      rename(["metadata", "annotations", "azure.workload.identity/tenant_id"], "azure.workload.identity/tenant-id", { value: "tenant" }),
      set(["metadata", "annotations", CLIENT_ID], "22222222-2222-3333-4444-555555555555", { value: "11111111-2222-3333-4444-555555555555" }),
      set(["metadata", "labels", "team"], "a", { absent: true }, 1),
    );
    const docs = parseAllDocuments(out).map((d) => d.toJS() as { metadata: Record<string, Record<string, string>> });
    expect(docs[0]!.metadata["annotations"]).toEqual({ [CLIENT_ID]: "22222222-2222-3333-4444-555555555555", "azure.workload.identity/tenant-id": "tenant" });
    expect(docs[1]!.metadata["labels"]).toEqual({ team: "a" });
    expect(out).toContain("# who we are\n");
  });

  it("edits JSON as JSON", () => {
    const json = `{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"a","annotations":{"x":"1"}}}`;
    const out = applied(json, set(["metadata", "annotations", "y"], "2"), rename(["metadata", "annotations", "x"], "z", { value: "1" }));
    expect(out).toBe(`{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"a","annotations":{"z":"1","y":"2"}}}`);
    expect(JSON.parse(out)).toBeTruthy();
    const pretty = JSON.stringify({ kind: "ServiceAccount", metadata: { name: "a" } }, null, 2);
    expect(JSON.parse(applied(pretty, set(["metadata", "annotations", CLIENT_ID], "abc")))).toEqual({ kind: "ServiceAccount", metadata: { name: "a", annotations: { [CLIENT_ID]: "abc" } } });
  });

  it("refuses an edit that would also change a value shared through an anchor, and leaves the text as it was", () => {
    const dep = `kind: Deployment
spec:
  selector:
    matchLabels: &labels
      app: web
  template:
    metadata:
      labels: *labels
`;
    const r = applyManifestEdits(dep, [set(["spec", "template", "metadata", "labels", USE], "true")]);
    expect(r.outcomes[0]).toMatchObject({ status: "refused" });
    expect(r.text).toBe(dep);
    const shared = "a: &v old\nb: *v\n";
    expect(applyManifestEdits(shared, [set(["a"], "new", { value: "old" })]).outcomes[0]!.status).toBe("refused");
  });

  it("refuses a plan made on another version of the file, and says what it found", () => {
    const r = applyManifestEdits(SA, [set(["metadata", "annotations", CLIENT_ID], "x", { value: "00000000-0000-0000-0000-000000000000" })]);
    expect(r.outcomes[0]).toMatchObject({ status: "refused", reason: expect.stringMatching(/holds "11111111-2222-3333-4444-555555555555", not what the fix was planned on/) });
    expect(r.text).toBe(SA);
    const gone = applyManifestEdits(SA, [rename(["metadata", "annotations", "nope"], "x", { value: "1" })]);
    expect(gone.outcomes[0]!.status).toBe("refused");
  });

  it("never quotes a value that may be a secret when it refuses", () => {
    const secret = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0;EndpointSuffix=core.windows.net";
    const text = `env:\n  - name: CONN\n    value: "${secret}"\n`;
    const r = applyManifestEdits(text, [set(["env", { name: "CONN" }, "value"], "x", { value: "other" })]);
    expect(r.outcomes[0]!.reason).not.toContain("AccountKey=c2V");
  });

  it("changes nothing the second time: an applied edit is unchanged when applied again", () => {
    const edits = [rename(["metadata", "annotations", "azure.workload.identity/tenant_id"], "azure.workload.identity/tenant-id", { value: "tenant" }), set(["metadata", "labels", USE], "true")];
    const once = applied(SA, ...edits);
    const again = applyManifestEdits(once, edits);
    expect(again.text).toBe(once);
    expect(again.outcomes.map((o) => o.status)).toEqual(["unchanged", "unchanged"]);
  });

  it("refuses invalid YAML and a document that does not exist, without throwing", () => {
    expect(applyManifestEdits("a: [unclosed\n", [set(["a"], 1, { value: 1 })]).outcomes[0]).toMatchObject({ status: "refused", reason: expect.stringMatching(/not valid YAML/) });
    expect(applyManifestEdits("a: 1\n", [set(["a"], 2, { value: 1 }, 3)]).outcomes[0]).toMatchObject({ status: "refused", reason: expect.stringMatching(/no YAML document 4/) });
  });
});
