import { existsSync } from "node:fs";
import * as vscode from "vscode";
import type { Report } from "@wid/core";
import type { ProviderState } from "#wid/engine";
import type { ClusterRead } from "#wid/live";
import { kubeconfigFiles } from "../kubeconfig-path.js";
import { loadLive } from "../live-loader.js";
import type { Service } from "../service.js";
import { checkSettings, clusterSettings } from "../settings.js";
import type { IdentityProvider } from "./types.js";

/**
 * The cluster of the kubeconfig context (wid.kubeconfig and wid.context, else what kubectl
 * would use), every namespace the user may read, with Azure for it: the root the tree names by
 * the context. Read when the view is first shown, on refresh and when the context or the
 * settings change; never per keystroke, and never in Restricted Mode.
 */
export class LiveClusterProvider implements IdentityProvider {
  readonly id = "cluster";
  #last: { key: string; read: ClusterRead; report?: { settings: string; report: Report } } | undefined;

  constructor(private readonly service: () => Promise<Service>) {}

  /**
   * Whether there is a kubeconfig to read (the setting's, else a file of KUBECONFIG, else
   * ~/.kube/config), in a trusted workspace: told from the files' existence, without loading the
   * cluster client. A setting naming a missing file is wanted: its root says what is wrong.
   */
  static wanted(): boolean {
    if (!vscode.workspace.isTrusted) return false;
    return clusterSettings().kubeconfig !== undefined || kubeconfigFiles().some((f) => existsSync(f));
  }

  async load(signal: AbortSignal, fresh: boolean): Promise<ProviderState> {
    const { kubeconfig, context, subscriptions } = clusterSettings();
    const service = await this.service();
    await service.inputs.ready();
    const exportParts = service.engine.azureExportParts();
    const clusterName = checkSettings().clusterName;
    const key = JSON.stringify([kubeconfig, context, subscriptions, clusterName, exportParts.length]);
    if (fresh || this.#last?.key !== key) {
      const live = await loadLive();
      const read = await vscode.window.withProgress({ location: { viewId: "wid.identities" }, title: "wid: reading the cluster" }, () =>
        live.readCluster({ kubeconfig, context, exportParts, subscriptions, clusterName, signal }),
      );
      this.#last = { key, read };
    }
    const read = this.#last!.read;
    const title = read.context?.name ?? context ?? "Kubernetes cluster";
    if (!read.ok && kubeconfig && !existsSync(kubeconfig)) {
      return { id: `context:${title}`, title, snapshot: undefined, errors: [{ what: "The cluster", message: `the kubeconfig ${kubeconfig} does not exist`, hint: "the setting wid.kubeconfig names it: name an existing kubeconfig, or clear the setting to use KUBECONFIG or ~/.kube/config" }] };
    }
    const id = `context:${title}`;
    const description = read.context?.server;
    if (!read.ok) {
      return { id, title, ...(description ? { description } : {}), snapshot: undefined, errors: [{ what: "The cluster", message: read.message, ...(read.hint ? { hint: read.hint } : {}) }] };
    }
    // the checks run once per read (and settings), not each time the view is drawn again
    const { severity, disabled } = checkSettings();
    const settings = JSON.stringify([severity, disabled]);
    const last = this.#last!;
    if (last.report?.settings !== settings) last.report = { settings, report: service.mod.reportOf(read.snapshot, { severity, disabled }) };
    // what the cluster refused shows as the snapshot's problems and not-run reasons; what Azure refused, here
    return { id, title, ...(description ? { description } : {}), snapshot: read.snapshot, report: last.report.report, errors: service.mod.azureGapErrors(read.snapshot.coverage.gaps) };
  }
}
