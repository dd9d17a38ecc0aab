import type { RunningAzure, StartAzure, StartAzureOptions } from "../contracts.js";
import { startEntra, type FakeEntra } from "../entra/server.js";
import { startArm, type FakeArm } from "./server.js";
import { AzureState } from "./state.js";

export interface StartFakeAzureOptions extends StartAzureOptions {
  /** See StartArmOptions. */
  pageSize?: number;
  ficWriteMs?: number;
}

export interface FakeAzure extends RunningAzure {
  state: AzureState;
  arm: FakeArm;
  entra: FakeEntra;
}

/** ARM and Entra ID over one shared state: a credential ARM creates is what Entra ID matches next. */
export async function startAzure(opts: StartFakeAzureOptions): Promise<FakeAzure> {
  const state = new AzureState(opts.azure);
  const entra = await startEntra({ ca: opts.ca, state, ...(opts.latency ? { latency: opts.latency } : {}) });
  try {
    const arm = await startArm({
      ca: opts.ca,
      state,
      tokens: entra.tokens,
      authorityHost: entra.authorityHost,
      ...(opts.faults ? { faults: opts.faults } : {}),
      ...(opts.latency ? { latency: opts.latency } : {}),
      ...(opts.pageSize !== undefined ? { pageSize: opts.pageSize } : {}),
      ...(opts.ficWriteMs !== undefined ? { ficWriteMs: opts.ficWriteMs } : {}),
    });
    return {
      armUrl: arm.url,
      authorityHost: entra.authorityHost,
      state,
      arm,
      entra,
      close: async () => {
        await Promise.all([arm.close(), entra.close()]);
      },
    };
  } catch (err) {
    await entra.close();
    throw err;
  }
}

// The world starts Azure through the shared contract; this keeps the two from drifting apart.
startAzure satisfies StartAzure;
