import { doctor, lineIn, Scratch, type DoctorResult } from "./doctor.js";
import { AzureWorld, NOW } from "./world.js";

/** Manifest texts by path under `manifests/`; the path `-` is read from standard input. */
export type Manifests = Record<string, string>;

/** Where a scenario's findings must point, computed from the mutated texts. */
export interface Locator {
  /** `CHECK KIND NS/NAME @ manifests/FILE:LINE`, LINE holding `needle` (after the `after` anchors). */
  m(checkId: string, kind: string, ref: string, file: string, needle: string, ...after: string[]): string;
  /** `CHECK KIND NAME @ azure/FILE:LINE` for the element of an Azure export that `match` picks; NAME is its `name`. */
  a(checkId: string, kind: string, file: string, match?: (e: Record<string, unknown>) => boolean): string;
}

export interface Scenario {
  /** The check ids whose catalog condition this mistake meets; none for a variant that is correct. */
  about: string[];
  /** The mistake (or the correct variant), as a user would describe it. */
  mistake: string;
  manifests?: (files: Manifests) => void;
  azure?: (world: AzureWorld) => void;
  /** Every finding of every check, located: nothing else may be reported. */
  expected: (at: Locator) => string[];
}

export interface Form {
  title: string;
  /** The corrected setup: fresh texts on every call. */
  manifests(): Manifests;
  azure(): AzureWorld;
  scenarios: Scenario[];
}

/** Replaces the one occurrence of `from` in `files[path]`; a fixture edit that misses is a test bug. */
export function swap(files: Manifests, path: string, from: string, to: string): void {
  const text = files[path];
  if (text === undefined) throw new Error(`no manifest ${path}`);
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`${path}: ${JSON.stringify(from)} must occur exactly once`);
  files[path] = text.slice(0, at) + to + text.slice(at + from.length);
}

export interface ScenarioRun {
  result: DoctorResult;
  at: Locator;
}

/** Writes the form (with the scenario's mistake, if any) to a scratch directory and runs the doctor on it. */
export async function runForm(form: Form, scenario?: Scenario): Promise<ScenarioRun> {
  const scratch = new Scratch();
  try {
    const files = form.manifests();
    scenario?.manifests?.(files);
    const world = form.azure();
    scenario?.azure?.(world);
    const paths: string[] = [];
    let stdin: string | undefined;
    for (const [path, text] of Object.entries(files)) {
      if (path === "-") {
        stdin = text;
        paths.push("-");
      } else {
        paths.push(scratch.write(`manifests/${path}`, text));
      }
    }
    const azure = world.write(scratch);
    const result = await doctor({ manifests: paths, azure: [azure], ...(stdin !== undefined ? { stdin } : {}), now: NOW, root: scratch.dir });
    const at: Locator = {
      m(checkId, kind, ref, file, needle, ...after) {
        const text = files[file];
        if (text === undefined) throw new Error(`no manifest ${file}`);
        const where = file === "-" ? "<stdin>" : `manifests/${file}`;
        return `${checkId} ${kind} ${ref} @ ${where}:${lineIn(text, needle, ...after)}`;
      },
      a(checkId, kind, file, match) {
        const { name, where } = world.element(file, match);
        return `${checkId} ${kind} ${name} @ ${where}`;
      },
    };
    return { result, at };
  } finally {
    scratch.cleanup();
  }
}
