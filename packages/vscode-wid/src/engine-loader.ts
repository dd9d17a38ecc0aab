import type * as Module from "#wid/engine";

export type EngineModule = typeof Module;

let loading: Promise<EngineModule> | undefined;
let loaded: EngineModule | undefined;

/** The engine (core, checks, yaml), loaded on first use: activation itself loads none of it. */
export function loadEngine(): Promise<EngineModule> {
  loading ??= import("#wid/engine").then((m) => (loaded = m));
  return loading;
}

/** The engine when it is loaded already, for providers that must answer at once. */
export function engineIfLoaded(): EngineModule | undefined {
  return loaded;
}
