import type { ChainLink, IdentityChain, LinkStatus, NotRunReason, Severity } from "@wid/core";
import { jsonObjectRef, type JsonObjectRef } from "./json.js";
import { objectName } from "./location.js";
import { notRunText } from "./reasons.js";
import type { Style } from "./style.js";
import type { UnreadItem } from "./unread.js";

const STATUS_STYLE: Record<LinkStatus, Parameters<Style>[0]> = { ok: "green", broken: ["red", "bold"], unknown: "yellow" };

export interface StatusTextOptions {
  style: Style;
  unread?: readonly UnreadItem[];
  cluster?: { context: string; scope: string; objects: number; requests: number };
}

function linkLine(l: ChainLink, style: Style, width: number): string {
  const what = l.object ? objectName(l.object) : "(none)";
  const why = l.status === "broken" ? [...new Set(l.findings.map((f) => f.checkId))].join(", ") : l.status === "unknown" ? (l.unknown ? notRunText(l.unknown) : "not followed: the chain breaks before it") : "";
  return `  ${style(STATUS_STYLE[l.status], l.status.padEnd(7))}  ${l.kind.padEnd(width)}  ${what}${why ? `  ${style(l.status === "broken" ? "bold" : "dim", why)}` : ""}`;
}

/** Each workload's chain, one link a line; broken links name the checks that break them. */
export function renderStatusText(chains: readonly IdentityChain[], opts: StatusTextOptions): string {
  const { style } = opts;
  const out: string[] = [];
  const width = Math.max(0, ...chains.flatMap((c) => c.links.map((l) => l.kind.length)));
  for (const c of chains) {
    out.push(`${style("bold", c.title)}  ${style(STATUS_STYLE[c.status], c.status)}`);
    for (const l of c.links) out.push(linkLine(l, style, width));
    out.push("");
  }
  if (chains.length === 0) out.push("No workload uses workload identity in what was read.", "");
  if (opts.unread?.length) out.push(style("bold", `Not read (${opts.unread.length}): chains there are not shown, or shown in part`), ...opts.unread.map((u) => `  ${u.reason}`), "");
  if (opts.cluster) out.push(style("dim", `cluster: context ${opts.cluster.context}, ${opts.cluster.scope} (${opts.cluster.objects} objects read in ${opts.cluster.requests} requests)`));
  const count = (s: LinkStatus) => chains.filter((c) => c.status === s).length;
  out.push(`${chains.length} workload${chains.length === 1 ? "" : "s"}: ${style(count("ok") ? "green" : "dim", `${count("ok")} ok`)}, ${style(count("broken") ? ["red", "bold"] : "dim", `${count("broken")} broken`)}, ${count("unknown")} unknown`);
  return out.join("\n") + "\n";
}

export interface JsonChainLink {
  kind: ChainLink["kind"];
  status: LinkStatus;
  object: JsonObjectRef | null;
  findings: { checkId: string; messageId: string; severity: Severity; message: string }[];
  /** Why the status is unknown, in words, when data was missing. */
  unknown?: string;
  unknownCause?: NotRunReason;
}

export interface JsonChain {
  title: string;
  status: LinkStatus;
  workload: JsonObjectRef;
  links: JsonChainLink[];
}

/** `kubectl wid status -o json`, version 1: chains, and what a live read could not read. */
export function renderStatusJson(chains: readonly IdentityChain[], unread?: readonly UnreadItem[]): string {
  const doc = {
    version: 1,
    chains: chains.map(
      (c): JsonChain => ({
        title: c.title,
        status: c.status,
        workload: jsonObjectRef(c.workload),
        links: c.links.map((l) => ({
          kind: l.kind,
          status: l.status,
          object: l.object ? jsonObjectRef(l.object) : null,
          findings: l.findings.map((f) => ({ checkId: f.checkId, messageId: f.messageId, severity: f.severity, message: f.message })),
          ...(l.unknown ? { unknown: notRunText(l.unknown), unknownCause: l.unknown } : {}),
        })),
      }),
    ),
    summary: { workloads: chains.length, ok: chains.filter((c) => c.status === "ok").length, broken: chains.filter((c) => c.status === "broken").length, unknown: chains.filter((c) => c.status === "unknown").length },
    ...(unread ? { unread: [...unread] } : {}),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
