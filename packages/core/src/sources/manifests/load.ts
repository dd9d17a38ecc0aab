import { isUserError, UserError } from "../../errors.js";
import { setting } from "../../setting-names.js";
import type { InputProblem } from "../../model/snapshot.js";
import { expandPath, readStreamText, readText, type InputKind } from "../files.js";
import type { OnLoadProgress } from "../progress.js";
import { newSink, parseManifestText, type ManifestSink, type ParseOptions } from "./parse.js";

export const MANIFEST_INPUT: InputKind = {
  setting: setting("manifests"),
  extensions: new Set([".yaml", ".yml", ".json"]),
  what: "Kubernetes manifests (YAML or JSON)",
};

/** The name problems and findings give to manifests read from standard input. */
export const STDIN_NAME = "<stdin>";

export interface LoadManifestOptions extends ParseOptions {
  /** Read for the path `-`. */
  stdin?: NodeJS.ReadableStream;
  onProgress?: OnLoadProgress;
}

/** One step of reading: a file (or stdin) to parse, or a problem found while listing the paths. */
type Step = { read: string; named: boolean } | { problem: InputProblem };

/**
 * Reads manifests from files, directories (recursively: .yaml, .yml, .json, in name order) and
 * `-` for stdin, one file at a time. A file that cannot be read (binary, unreadable, invalid YAML)
 * is recorded as a problem and the other files are still read; a path that does not exist is a
 * UserError. A file named twice is read once. Every path is listed before the first file is read, so that progress knows how
 * many files there are and a missing path fails before minutes of reading.
 */
export async function loadManifests(paths: readonly string[], opts: LoadManifestOptions = {}): Promise<ManifestSink> {
  const sink = newSink();
  const steps = await plan(paths);
  const files = steps.filter((s) => "read" in s).length;
  let filesDone = 0;
  const progress = (file: string) => opts.onProgress?.({ phase: "manifests", file, files, filesDone, objects: sink.objects.length });
  for (const step of steps) {
    if ("problem" in step) {
      sink.problems.push(step.problem);
      continue;
    }
    const file = step.read;
    progress(file);
    if (file === STDIN_NAME) {
      const text = await readStdin(opts.stdin);
      if (text.trim() === "") sink.problems.push({ severity: "warning", file: STDIN_NAME, message: "standard input was empty", hint: "did the command piped in fail?" });
      parseManifestText(STDIN_NAME, text, sink, opts);
    } else {
      const text = await readText(file, MANIFEST_INPUT).catch((e: unknown) => unreadable(e, sink.problems));
      if (text !== undefined) {
        // A file named on its own that holds nothing is a mistake worth a word (a pipe whose command failed).
        if (step.named && text.trim() === "") sink.problems.push({ severity: "warning", file, message: "empty file" });
        parseManifestText(file, text, sink, opts);
      }
    }
    filesDone++;
    progress(file);
  }
  return sink;
}

async function plan(paths: readonly string[]): Promise<Step[]> {
  const steps: Step[] = [];
  const listed = new Set<string>();
  for (const path of paths) {
    if (path === "-") {
      if (!listed.has(STDIN_NAME)) steps.push({ read: STDIN_NAME, named: true });
      listed.add(STDIN_NAME);
      continue;
    }
    const { files, directory, problems } = await expandPath(path, MANIFEST_INPUT);
    for (const problem of problems) steps.push({ problem });
    if (directory && files.length === 0) {
      steps.push({ problem: { severity: "warning", file: path, message: "no .yaml, .yml or .json file in this directory" } });
    }
    for (const file of files) {
      if (!listed.has(file)) steps.push({ read: file, named: !directory });
      listed.add(file);
    }
  }
  return steps;
}

/** A file that cannot be read is one input problem; the others are still read. */
export function unreadable(e: unknown, problems: InputProblem[]): undefined {
  if (!isUserError(e)) throw e;
  problems.push({ severity: "error", file: e.file ?? "?", ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}), message: e.message.replace(/^\S+?: /, ""), ...(e.hint ? { hint: e.hint } : {}), skipped: true });
  return undefined;
}

async function readStdin(stdin: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stdin) throw new UserError("`-` reads manifests from standard input, but none is available", { hint: `pipe manifests in, or name files (${setting("manifests")})` });
  if ((stdin as { isTTY?: boolean }).isTTY) {
    throw new UserError(`${setting("manifestsStdin")} reads manifests from standard input, which is a terminal`, {
      hint: "pipe manifests in, such as the output of helm template",
    });
  }
  return readStreamText(STDIN_NAME, stdin, MANIFEST_INPUT);
}
