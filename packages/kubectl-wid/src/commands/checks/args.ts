export const CHECK_LIST_FORMATS = ["text", "json"] as const;

export interface ChecksArgs {
  output: (typeof CHECK_LIST_FORMATS)[number];
}
