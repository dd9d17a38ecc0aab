import type { ProviderState } from "#wid/engine";
import type { Diagnostics } from "../diagnostics.js";
import type { Service } from "../service.js";
import type { IdentityProvider } from "./types.js";

/** The workspace's manifests and the Azure exports the settings name: the same analysis the diagnostics show. */
export class WorkspaceProvider implements IdentityProvider {
  readonly id = "workspace";

  constructor(
    private readonly service: () => Promise<Service>,
    private readonly diagnostics: Diagnostics,
  ) {}

  async load(): Promise<ProviderState> {
    const service = await this.service();
    await service.inputs.ready();
    await service.azureLive.settled();
    const analysis = this.diagnostics.current(service);
    const live = service.azureLive.lastRead ? ", Azure read live" : "";
    return {
      id: this.id,
      title: "Workspace manifests",
      description: `${service.inputs.summary}${live}`,
      snapshot: analysis.snapshot,
      report: analysis.report,
      errors: [...service.inputs.exportErrors, ...service.azureLive.errors],
    };
  }
}
