/**
 * How far loading has come, for a surface to show while large inputs are read. Reported when a
 * file starts being read (`filesDone` files are complete) and when it has been read (`filesDone`
 * counts it): a single large file still shows which file is being read.
 */
export interface LoadProgress {
  /** Manifests (`-f`) are read first, then Azure CLI exports (`--azure`). */
  phase: "manifests" | "azure";
  /** The file being read, or just read; `<stdin>` for `-`. */
  file: string;
  /** Files this phase reads: every path named, directories expanded, a file named twice once. */
  files: number;
  filesDone: number;
  /** Objects kept so far in this phase: Kubernetes objects of the kinds wid reads, or Azure resources. */
  objects: number;
}

/** Called synchronously and often (twice per file): a surface throttles what it draws. */
export type OnLoadProgress = (progress: LoadProgress) => void;
