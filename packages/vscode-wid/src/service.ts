import * as vscode from "vscode";
import type { Analysis, Engine } from "#wid/engine";
import { loadEngine, type EngineModule } from "./engine-loader.js";
import { checkSettings } from "./settings.js";
import { AzureLive } from "./azure-live.js";
import { WorkspaceInputs } from "./workspace-inputs.js";

/**
 * The engine with the workspace it reads: created on first need (the first YAML editor, the tree,
 * a command), never at activation.
 */
export class Service implements vscode.Disposable {
  readonly inputs: WorkspaceInputs;
  readonly azureLive: AzureLive;
  #warnedIds = new Set<string>();

  constructor(
    readonly mod: EngineModule,
    readonly engine: Engine,
    readonly openKeys: () => Set<string>,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.inputs = new WorkspaceInputs(engine, (key) => openKeys().has(key), log);
    this.azureLive = new AzureLive(this, log, () => this.inputs.notifyChanged());
    // Azure is read (when the settings ask) once the workspace's manifests say what to read
    void this.inputs.ready().then(() => this.azureLive.refresh());
  }

  /** The report on the workspace as it is now (cached until a file or the settings change). */
  analyse(): Analysis {
    const analysis = this.engine.analyse(checkSettings());
    for (const u of analysis.unknownIds) {
      if (this.#warnedIds.has(u.id)) continue;
      this.#warnedIds.add(u.id);
      void vscode.window.showWarningMessage(`wid: the settings name the check id "${u.id}", which does not exist${u.suggestions[0] ? `: did you mean "${u.suggestions[0]}"?` : ""}`);
    }
    return analysis;
  }

  dispose(): void {
    this.azureLive.dispose();
    this.inputs.dispose();
  }
}

let service: Promise<Service> | undefined;

export function getService(openKeys: () => Set<string>, log: vscode.LogOutputChannel): Promise<Service> {
  service ??= loadEngine().then((mod) => new Service(mod, new mod.Engine(), openKeys, log));
  return service;
}
