import type { BuildResult } from "esbuild";

export declare const ENTRY_NAME: string;
export declare function bundle(opts?: { outdir?: string; splitting?: boolean }): Promise<BuildResult<{ metafile: true }>>;
