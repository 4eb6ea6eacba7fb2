import { Option, type Command } from "commander";

const GLOBAL_OPTIONS = [
  {
    flags: "-f, --file <path>",
    long: "--file",
    short: "-f",
    help: "rpi.yml to use (default: $RPI_FILE, else ./rpi.yml searched upward)",
  },
  {
    flags: "-p, --project-name <name>",
    long: "--project-name",
    short: "-p",
    help: "project name (default: the file's folder name)",
  },
  {
    flags: "--runtime <kind>",
    long: "--runtime",
    short: undefined,
    help: "where machines run: auto (default), docker or local",
  },
] as const;

/** The global options, on the program (before the verb: `rpi -f lab.yml up`). */
export function addGlobalOptions(program: Command): Command {
  for (const option of GLOBAL_OPTIONS) program.option(option.flags, option.help);
  // Options before the verb are the program's, after it the verb's: `rpi logs -f web` follows.
  return program.enablePositionalOptions();
}

/**
 * The same options on every verb, so `rpi up -f lab.yml` works too; a verb that gives a short
 * flag its own meaning (`logs -f` is --follow) keeps only the long form. No defaults here, so a
 * value given before the verb is not overridden by one after it.
 */
export function shareGlobalOptions(program: Command): void {
  for (const command of program.commands) {
    for (const option of GLOBAL_OPTIONS) {
      const taken =
        option.short !== undefined && command.options.some((o) => o.short === option.short);
      const flags = taken ? option.flags.replace(`${option.short}, `, "") : option.flags;
      command.addOption(new Option(flags, option.help));
    }
  }
}
