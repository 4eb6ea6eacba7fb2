import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands/index.js";
import { exitCodeFor, formatError } from "./errors.js";
import { addGlobalOptions, shareGlobalOptions } from "./global-options.js";
import { packageVersion } from "./version.js";

/** argv → command. The only module that calls process.exit. */
async function main(argv: readonly string[]): Promise<number> {
  const program = addGlobalOptions(
    new Command("rpi")
      .description("Fleets of emulated Raspberry Pis from a committed rpi.yml")
      .version(packageVersion(), "-V, --version"),
  )
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  shareGlobalOptions(program);
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(formatError(error));
    return exitCodeFor(error);
  }
}

process.exit(await main(process.argv));
