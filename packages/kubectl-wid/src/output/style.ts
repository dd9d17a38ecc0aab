import { styleText } from "node:util";

type Format = Parameters<typeof styleText>[0];

/** Colours text, or returns it unchanged when colour is off; the caller decides (TTY, flags). */
export type Style = (format: Format, text: string) => string;

export function styler(color: boolean): Style {
  return color ? (format, text) => styleText(format, text, { validateStream: false }) : (_format, text) => text;
}

/** Colour only on a terminal, and never with --no-color or NO_COLOR (https://no-color.org). */
export function wantsColor(flag: boolean, isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  return flag && isTTY && (env["NO_COLOR"] ?? "") === "";
}
