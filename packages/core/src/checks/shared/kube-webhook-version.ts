import type { KubeObject } from "../../model/kube.js";
import type { SnapshotIndex } from "../../engine/snapshot-index.js";
import { asArray, asRecord, asString, getIn } from "../../util/raw.js";
import { WI } from "../../wi.js";

/** Which token layout the webhook injects: v1.6+ (`/var/run/secrets/azure/wi`) or up to v1.5. */
export type TokenLayout = "v1.6" | "legacy";

export interface WebhookVersion {
  layout: TokenLayout;
  /** The image tag, when the webhook Deployment is among the objects. */
  version: string | undefined;
  /** The webhook Deployment the version was read from. */
  deployment: KubeObject | undefined;
}

const TAG = /:v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][\w.-]*)?$/;

/** The version of a webhook image (`.../workload-identity/webhook:v1.5.1`), if its tag says. */
function webhookImageVersion(image: string): { major: number; minor: number; text: string } | undefined {
  const m = TAG.exec(image.split("@")[0] ?? "");
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), text: m[0].slice(1) };
}

/**
 * The webhook version in use, from its Deployment `azure-wi-webhook-controller-manager` when
 * the objects include it. Unknown (AKS add-on, manifests of the application only) means the
 * current layout; two installs that disagree also leave it unknown.
 */
export function webhookVersion(index: SnapshotIndex): WebhookVersion {
  const found: { deployment: KubeObject; major: number; minor: number; text: string }[] = [];
  for (const d of index.byKind("Deployment")) {
    if (d.name !== WI.webhookDeployment) continue;
    for (const c of asArray(getIn(d.raw, ["spec", "template", "spec", "containers"]))) {
      const v = webhookImageVersion(asString(asRecord(c)["image"]) ?? "");
      if (v) {
        found.push({ deployment: d, ...v });
        break;
      }
    }
  }
  const layouts = new Set(found.map((f) => layoutOf(f.major, f.minor)));
  const first = found[0];
  if (!first || layouts.size > 1) return { layout: "v1.6", version: undefined, deployment: undefined };
  return { layout: layoutOf(first.major, first.minor), version: first.text, deployment: first.deployment };
}

function layoutOf(major: number, minor: number): TokenLayout {
  return major > 1 || (major === 1 && minor >= 6) ? "v1.6" : "legacy";
}

/** The token file, its directory and the other files each layout puts in that directory. */
export const LAYOUTS: Record<TokenLayout, { dir: string; file: string; files: readonly string[] }> = {
  "v1.6": { dir: WI.tokenMountV16, file: WI.tokenFileV16, files: [WI.tokenFileV16, `${WI.tokenMountV16}/token`, `${WI.tokenMountV16}/ca-cert/ca.crt`, `${WI.tokenMountV16}/ca-cert`] },
  legacy: { dir: WI.tokenMountLegacy, file: WI.tokenFileLegacy, files: [WI.tokenFileLegacy] },
};

/** A webhook token path written in a string: which layout, the whole path, and where it starts. */
export interface TokenPathMention {
  layout: TokenLayout;
  path: string;
  start: number;
}

const MENTION = /\/var\/run\/secrets\/azure\/(wi|tokens)(?=$|[/\s"'`,;:=)])(?:\/[^\s"'`,;:=)]*)?/g;

export function tokenPathMentions(text: string): TokenPathMention[] {
  const out: TokenPathMention[] = [];
  for (const m of text.matchAll(MENTION)) {
    out.push({ layout: m[1] === "wi" ? "v1.6" : "legacy", path: m[0].replace(/\/+$/, ""), start: m.index });
  }
  return out;
}

/** The path in `layout` that stands for `path` (a file for a file, the directory for the directory). */
export function equivalentPath(path: string, layout: TokenLayout): string {
  const target = LAYOUTS[layout];
  for (const l of Object.values(LAYOUTS)) if (path === l.dir) return target.dir;
  return target.file;
}
