import { findingKey, redactText, type ChainLink, type Finding, type IdentityChain } from "@wid/core";
import { fileLocation, objectName } from "../output/location.js";
import { notRunText } from "../output/reasons.js";
import type { Style } from "../output/style.js";
import { show } from "../output/text.js";
import { SEVERITY_STYLE } from "./severity-style.js";

const LINK_NAME: Record<ChainLink["kind"], string> = {
  cluster: "cluster",
  workload: "workload",
  "service-account": "ServiceAccount",
  identity: "identity",
  "federated-credential": "federated credential",
  "role-assignment": "role assignment",
  target: "target",
};
const WIDTH = Math.max(...Object.values(LINK_NAME).map((n) => n.length));

/**
 * A link of the chain as a line: ✓ ok, ✗ broken (with the checks that break it), ? unknown (why).
 * The link the selected finding breaks is pointed at, so that the eye finds it in a long chain.
 */
export function chainLines(chain: IdentityChain, selected: Finding, style: Style): string[] {
  const out = [style("bold", `Identity chain of ${chain.title}`)];
  for (const link of chain.links) {
    const what = link.object ? objectName(link.object) : link.status === "ok" ? "none" : "not known";
    const name = LINK_NAME[link.kind].padEnd(WIDTH);
    if (link.status === "broken") {
      const ids = [...new Set(link.findings.map((f) => f.checkId))].join(", ");
      const here = link.findings.some((f) => findingKey(f) === findingKey(selected));
      out.push(`  ${style(["red", "bold"], "✗")} ${style(["red", "bold"], name)}  ${what}  ${style("red", `broken: ${ids}`)}${here ? style("bold", "  <- this finding") : ""}`);
    } else if (link.status === "unknown") {
      out.push(`  ${style("yellow", "?")} ${name}  ${style("dim", what)}${link.unknown ? style("dim", `  (${notRunText(link.unknown)})`) : ""}`);
    } else {
      out.push(`  ${style("green", "✓")} ${name}  ${what}`);
    }
  }
  return out;
}

/** The detail pane of a finding: what and where, the chain, the evidence, the fixes, the docs. */
export function detailLines(f: Finding, chain: IdentityChain | undefined, style: Style, docsUrl: string | undefined): string[] {
  const where = fileLocation(f.object);
  const head = [style(SEVERITY_STYLE[f.severity], f.severity), style("bold", f.checkId), where ? style("dim", where) : undefined, objectName(f.object)].filter((p) => p !== undefined).join("  ");
  const out = [head, ...f.message.split("\n"), ""];
  out.push(...(chain ? chainLines(chain, f, style) : [style("dim", "No identity chain: this finding is about no workload.")]), "");
  const { expected, actual, ...rest } = f.evidence;
  out.push(style("bold", "Evidence"));
  if (expected !== undefined) out.push(...labelled("expected: ", show(expected)));
  if (actual !== undefined) out.push(...labelled("found:    ", show(actual)));
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) out.push(...labelled(`${key}: `, show(value)));
  if (Object.keys(f.evidence).length === 0) out.push("  none recorded");
  out.push("");
  if (f.fixes.length) {
    out.push(style("bold", "Fix"));
    for (const fix of f.fixes) out.push(`  ${style("green", fix.kind === "fix" ? "fix:" : "suggestion:")} ${fix.title}`, ...(fix.snippet ? fix.snippet.text.split("\n").map((l) => `    ${l}`) : []));
    out.push(style("dim", "  f previews it"), "");
  }
  out.push(`${style("bold", "Docs")}  ${docsUrl ? new URL(`${f.checkId}.md`, docsUrl.endsWith("/") ? docsUrl : `${docsUrl}/`).href : `docs/checks/${f.checkId}.md`}  ${style("dim", `(kubectl wid explain ${f.checkId})`)}`);
  // evidence quotes values read from files, the cluster and Azure: masked where they hold a secret
  return out.map((l) => redactText(l));
}

function labelled(label: string, text: string): string[] {
  const [first = "", ...rest] = text.split("\n");
  return [`  ${label}${first}`, ...rest.map((l) => `  ${" ".repeat(label.length)}${l}`)];
}
