import { stringify } from "yaml";
import { binName, type Target } from "./targets.js";

export const KREW_API_VERSION = "krew.googlecontainertools.github.com/v1alpha2";
export const PLUGIN_NAME = "wid";

/** Where the archives are published: `{version}` (without the v) and `{file}` are filled in. */
export const URL_PLACEHOLDERS = ["{version}", "{file}"] as const;

export interface ReleasedArchive {
  target: Pick<Target, "os" | "arch">;
  /** The archive's file name. */
  file: string;
  sha256: string;
}

export interface KrewPlatform {
  selector: { matchLabels: { os: string; arch: string } };
  uri: string;
  sha256: string;
  files: { from: string; to: string }[];
  bin: string;
}

export interface KrewManifest {
  apiVersion: string;
  kind: "Plugin";
  metadata: { name: string };
  spec: {
    version: string;
    homepage?: string;
    shortDescription: string;
    description: string;
    caveats?: string;
    platforms: KrewPlatform[];
  };
}

export function releaseUrl(template: string, version: string, file: string): string {
  return template.replaceAll("{version}", version).replaceAll("{file}", file);
}

/** The krew plugin manifest for the archives of one release. */
export function krewManifest(opts: { version: string; archives: readonly ReleasedArchive[]; urlTemplate: string; homepage?: string }): KrewManifest {
  const platforms = opts.archives.map(
    (a): KrewPlatform => ({
      selector: { matchLabels: { os: a.target.os, arch: a.target.arch } },
      uri: releaseUrl(opts.urlTemplate, opts.version, a.file),
      sha256: a.sha256,
      files: [
        { from: binName(a.target), to: "." },
        { from: "LICENSE", to: "." },
      ],
      bin: binName(a.target),
    }),
  );
  return {
    apiVersion: KREW_API_VERSION,
    kind: "Plugin",
    metadata: { name: PLUGIN_NAME },
    spec: {
      version: `v${opts.version}`,
      ...(opts.homepage ? { homepage: opts.homepage } : {}),
      shortDescription: "Find and fix Azure Workload Identity misconfigurations",
      description: [
        "wid walks the chain from a pod to its ServiceAccount, managed identity,",
        "federated credential and role assignments, and says which link is broken,",
        "where, and how to fix it: for pods that get AADSTS70021, or that silently",
        "use the node's identity.",
        "",
        "  kubectl wid doctor -f k8s/ --azure azure/  # manifests and Azure exports",
        "  kubectl wid fix -f k8s/                    # mend them, after a preview",
        "  kubectl wid demo                           # a simulated AKS and Azure",
      ].join("\n"),
      platforms,
    },
  };
}

export function manifestYaml(m: KrewManifest): string {
  return stringify(m, { lineWidth: 0 });
}
