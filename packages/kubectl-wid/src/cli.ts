import yargs from "yargs";
import { commands } from "./commands/index.js";
import { UsageError } from "./usage-error.js";

const NAME = "kubectl wid";

/** The parser of `kubectl wid`: declarations only; handlers load when their command runs. */
export function cli(args: readonly string[]) {
  const parser = yargs([...args])
    .scriptName(NAME)
    .usage(`${NAME} <command> [flags]\n\nFind and fix Azure Workload Identity misconfigurations between Kubernetes and Azure.`)
    .command(commands as never)
    .demandCommand(1, "no command given")
    .recommendCommands()
    .strict()
    .version(false)
    .help()
    .alias("h", "help")
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .epilogue(`Run '${NAME} <command> --help' for a command's flags. Docs: '${NAME} explain <check id>'.`)
    .fail((message, error) => {
      // Errors thrown by a handler arrive here too: pass them on untouched. yargs' own errors
      // (YError, e.g. a flag without its value) are usage errors.
      if (error && error.name !== "YError") throw error;
      throw usageError(message ?? error?.message ?? "invalid command line", args);
    });
  return parser;
}

function usageError(message: string, args: readonly string[]): UsageError {
  const command = commandOf(args);
  const suggestion = /^Did you mean (.+)\?$/.exec(message);
  if (suggestion) {
    return new UsageError(`unknown command "${args.find((a) => !a.startsWith("-")) ?? ""}"`, `did you mean "${suggestion[1]}"? '${NAME} --help' lists the commands`);
  }
  const positional = /^Not enough non-option arguments: got (\d+), need at least \d+$/.exec(message);
  const declared = command ? String(commands.find((c) => String(c.command).split(" ")[0] === command)?.command ?? "") : "";
  const missing = positional ? [...declared.matchAll(/<([^>]+)>/g)].map((m) => m[1]!)[Number(positional[1])] : undefined;
  if (missing) message = `missing the ${missing.toUpperCase().replace(/-/g, "_")} argument (${declared.replace(/^\S+\s*/, "")})`;
  const valueless = /^Not enough arguments following: (\S+)$/.exec(message);
  if (valueless) message = `${valueless[1]!.length === 1 ? "-" : "--"}${valueless[1]} needs a value`;
  // yargs lists bad choices on several indented lines; an error is one line.
  const choices = [...message.matchAll(/Argument: (\S+), Given: (.+), Choices: (.+)$/gm)];
  if (choices.length) message = choices.map(([, flag, given, allowed]) => `--${flag} ${given} is not one of ${allowed}`).join("; ");
  return new UsageError(firstLowerCase(message), `'${NAME}${command ? ` ${command}` : ""} --help' shows the usage`);
}

function commandOf(args: readonly string[]): string | undefined {
  const first = args.find((a) => !a.startsWith("-"));
  const known = commands.map((c) => String(c.command).split(" ")[0]);
  return first !== undefined && known.includes(first) ? first : undefined;
}

function firstLowerCase(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
