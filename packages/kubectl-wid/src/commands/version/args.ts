export const VERSION_FORMATS = ["text", "json"] as const;

export interface VersionArgs {
  output: (typeof VERSION_FORMATS)[number];
}
