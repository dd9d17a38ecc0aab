import type * as Module from "#wid/live";

export type LiveModule = typeof Module;

let loading: Promise<LiveModule> | undefined;

/** The live readers (the Azure SDKs), loaded the first time the settings ask to read Azure. */
export function loadLive(): Promise<LiveModule> {
  loading ??= import("#wid/live");
  return loading;
}
