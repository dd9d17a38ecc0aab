import * as vscode from "vscode";
import type { ReadError } from "#wid/engine";
import { loadLive } from "./live-loader.js";
import type { Service } from "./service.js";
import { clusterSettings } from "./settings.js";

/**
 * Azure read live with the user's sign-in, when the settings name subscriptions and the
 * workspace is trusted: what the workspace's ServiceAccounts and SecretProviderClasses name
 * (identities, their credentials and roles, the vaults), read again when that changes on save,
 * on refresh and when the settings change, never per keystroke. Nothing is read, loaded or sent
 * in Restricted Mode.
 */
export class AzureLive implements vscode.Disposable {
  errors: ReadError[] = [];
  /** Requests sent by the last read, and when it ended: for the tree's description. */
  lastRead: { requests: number; at: Date } | undefined;
  #lookups = "";
  #abort: AbortController | undefined;
  #reading: Promise<void> | undefined;

  constructor(
    private readonly service: Service,
    private readonly log: vscode.LogOutputChannel,
    private readonly changed: () => void,
  ) {}

  enabled(): boolean {
    return vscode.workspace.isTrusted && clusterSettings().subscriptions.length > 0;
  }

  /** Reads Azure again if it is wanted (`force`: even when the manifests name the same identities). */
  async refresh(force = false): Promise<void> {
    if (!this.enabled()) {
      this.#abort?.abort();
      const had = this.errors.length > 0 || this.lastRead !== undefined;
      this.errors = [];
      this.lastRead = undefined;
      this.#lookups = "";
      this.service.engine.setAzureLive(undefined);
      if (had) this.changed();
      return;
    }
    const live = await loadLive();
    const objects = this.service.engine.snapshot().objects;
    const lookups = JSON.stringify([clusterSettings().subscriptions, live.azureLookups(objects)]);
    if (!force && lookups === this.#lookups) return this.#reading;
    this.#lookups = lookups;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const read = vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: "wid: reading Azure" }, async () => {
      const t0 = Date.now();
      try {
        const { part, requests } = await live.readAzure({ subscriptions: clusterSettings().subscriptions, objects, signal: abort.signal });
        if (abort.signal.aborted) return;
        this.service.engine.setAzureLive(part);
        this.errors = this.service.mod.azureReadErrors(part);
        this.lastRead = { requests, at: new Date() };
        this.log.info(`read Azure: ${requests} requests in ${Date.now() - t0} ms${this.errors.length ? `; ${this.errors.map((e) => e.message).join("; ")}` : ""}`);
      } catch (e) {
        if (abort.signal.aborted) return;
        // the reader turns what Azure refuses into gaps: what gets here is a bug of wid
        this.errors = [{ what: "Azure", message: e instanceof Error ? e.message : String(e) }];
        this.log.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      }
      this.changed();
    });
    const reading: Promise<void> = Promise.resolve(read).then(() => undefined);
    this.#reading = reading;
    void reading.finally(() => {
      if (this.#reading === reading) this.#reading = undefined;
    });
    return reading;
  }

  /** Resolves when no read is under way. */
  async settled(): Promise<void> {
    while (this.#reading) await this.#reading;
  }

  dispose(): void {
    this.#abort?.abort();
  }
}
