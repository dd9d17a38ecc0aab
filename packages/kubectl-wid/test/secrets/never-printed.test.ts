import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from "yaml";
import { loadOfflineSnapshot, runChecks } from "@wid/core";
import { allChecks } from "@wid/core/checks";
import { renderJson } from "../../src/output/json.js";
import { renderSarif } from "../../src/output/sarif.js";
import { styler } from "../../src/output/style.js";
import { renderText } from "../../src/output/text.js";
import { renderYaml } from "../../src/output/yaml.js";
import { buildCli, removeBuiltCli, runCli } from "../helpers/cli.js";

/**
 * Secrets planted in every value of realistic manifests and Azure exports (examples/), a
 * different one in each place and a different placement per round: no output of any format, with
 * or without --verbose, and no diff of `fix`, may contain one.
 */
const SECRETS = [
  "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL29pZGMiLCJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6cHJvZDphcHAifQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU",
  "Xq48Q~Zr3vKp0LmN8sTd2yWbHc5JfGe7uAoQiE9x",
  "DefaultEndpointsProtocol=https;AccountName=stshop;AccountKey=bXlTdXBlclNlY3JldEtleUZvclN0b3JhZ2VBY2NvdW50MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net",
  "Endpoint=sb://sb-shop.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=",
  "Server=tcp:sql-shop.database.windows.net,1433;Database=shop;User ID=app;Password=Tr0ub4dor&3horse;Encrypt=true",
  "https://stshop.blob.core.windows.net/media?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T00:00:00Z&sig=QW5vdGhlclNlY3JldFNpZ25hdHVyZTEyMzQ1Njc4OTA%3D",
  "amqps://shop-user:p4ssw0rd-Secret@broker.example.net:5671/vhost",
  "Bearer dGhpc0lzQVZlcnlTZWNyZXRCZWFyZXJUb2tlbjEyMzQ1",
  "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----",
  "k1Lq2Xz9Wm3Np8Rt4Vy7Ab6Cd5Ef0GhIjKlMnOpQr",
  "RunAs=App;AppId=11111111-2222-3333-4444-555555555555;TenantId=72f988bf-86f1-41af-91ab-2d7cd011db47;AppKey=Sup3rSecretAppKeyValue9",
];
/** What must never be printed of each secret: what follows the short prefix a mask keeps. */
const CORES = [
  "eyJpc3MiOiJodHRwczovL29pZGMi",
  "Zr3vKp0LmN8sTd2yWbHc5JfGe7uAoQiE9x",
  "bXlTdXBlclNlY3JldEtleUZvclN0b3JhZ2VB",
  "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5",
  "ub4dor&3horse",
  "QW5vdGhlclNlY3JldFNpZ25hdHVyZTEy",
  "p4ssw0rd-Secret",
  "QVZlcnlTZWNyZXRCZWFyZXJUb2tlbjEy",
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
  "Xz9Wm3Np8Rt4Vy7Ab6Cd5Ef0GhIjKlMnOpQr",
  "r3tAppKeyValue9",
];
const KEEP = new Set(["apiVersion", "kind", "name", "namespace", "serviceAccountName", "mountPath"]);
const repo = join(import.meta.dirname, "..", "..", "..", "..");

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

/** Replaces a third of the string values of a YAML or JSON text with secrets: value i of the file, secret (i + round), when (i + round) % 3 is 0. */
function plant(text: string, round: number, json: boolean): string {
  let i = 0;
  const pick = () => {
    const n = i++ + round;
    return n % 3 !== 0 ? undefined : SECRETS[n % SECRETS.length]!;
  };
  const docs = parseAllDocuments(text);
  const walk = (node: Node | null | undefined, key: string | undefined): void => {
    if (isMap(node)) for (const p of node.items) walk(p.value as Node, isScalar(p.key) ? String(p.key.value) : undefined);
    else if (isSeq(node)) for (const item of node.items) walk(item as Node, key);
    else if (isScalar(node) && typeof node.value === "string" && !KEEP.has(key ?? "")) {
      const secret = pick();
      if (secret !== undefined) {
        node.value = secret;
        node.type = "QUOTE_DOUBLE";
      }
    }
  };
  for (const d of docs) walk(d.contents as Node, undefined);
  if (json) return JSON.stringify(docs.map((d) => d.toJS() as unknown).length === 1 ? docs[0]!.toJS() : docs.map((d) => d.toJS() as unknown), null, 2);
  return docs.map((d) => d.toString({ lineWidth: 0 })).join("---\n");
}

function world(round: number): string {
  const dir = mkdtempSync(join(tmpdir(), `wid-secrets-${round}-`));
  cpSync(join(repo, "examples"), dir, { recursive: true });
  for (const f of files(dir)) {
    if (f.endsWith(".yaml")) writeFileSync(f, plant(readFileSync(f, "utf8"), round, false));
    else if (f.endsWith(".json")) writeFileSync(f, plant(readFileSync(f, "utf8"), round, true));
  }
  return dir;
}

const leaks = (output: string) => CORES.filter((c) => output.includes(c));
const dirs: string[] = [];

beforeAll(async () => {
  await buildCli();
});
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await removeBuiltCli();
});

describe("secrets planted in every value", () => {
  it("never appear in the findings, in any format, with or without --verbose, whatever their placement", async () => {
    const fired = new Set<string>();
    for (let round = 0; round < SECRETS.length; round++) {
      const dir = world(round);
      dirs.push(dir);
      // the planted inputs hold the secrets: the test would find nothing if planting failed
      expect(leaks(files(dir).map((f) => readFileSync(f, "utf8")).join("\n")).length, `round ${round}`).toBeGreaterThan(5);
      const snapshot = await loadOfflineSnapshot({ manifests: [join(dir, "manifests")], azure: [join(dir, "azure")] });
      const report = runChecks(snapshot, allChecks);
      for (const f of report.findings) fired.add(f.checkId);
      const problems = snapshot.coverage.problems;
      const outputs = [
        renderJson(report, problems),
        renderYaml(report, problems),
        renderSarif(report, problems, { checks: allChecks.map((c) => ({ meta: c.meta, implemented: c.detect !== undefined })), version: "0", cwd: dir }),
        renderText(report, { style: styler(false), verbose: false, problems }),
        renderText(report, { style: styler(false), verbose: true, problems }),
      ];
      for (const out of outputs) expect(leaks(out), `round ${round}`).toEqual([]);
    }
    // the planted worlds make most checks speak: the assertion above covers their words
    expect(fired.size).toBeGreaterThanOrEqual(20);
  });

  it("never appear in what the CLI prints: doctor in every format, fix's diffs and its report", async () => {
    const dir = world(1);
    dirs.push(dir);
    const runs = [
      ...["text", "json", "yaml", "sarif"].flatMap((o) => [
        ["doctor", "-f", "manifests", "--azure", "azure", "-o", o],
        ["doctor", "-f", "manifests", "--azure", "azure", "-o", o, "--verbose"],
      ]),
      ["fix", "-f", "manifests", "--azure", "azure", "--dry-run"],
      ["fix", "-f", "-"],
    ];
    for (const args of runs) {
      const stdin = args.includes("-") ? readFileSync(join(dir, "manifests", "billing", "invoice-worker.yaml"), "utf8") : undefined;
      const r = await runCli(args, { cwd: dir, ...(stdin ? { stdin } : {}) });
      expect(r.stdout.length + r.stderr.length, args.join(" ")).toBeGreaterThan(0);
      // -f - prints the user's own stream back, fixed: that is the file, not a report
      const shown = args.includes("-") ? r.stderr : r.stdout + r.stderr;
      expect(leaks(shown), args.join(" ")).toEqual([]);
    }
  });
});
