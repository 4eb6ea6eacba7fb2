import { strict as assert } from "node:assert";
import { Command } from "commander";
import { registerCommands } from "../../../src/cli/commands/index.js";
import { addGlobalOptions, shareGlobalOptions } from "../../../src/cli/global-options.js";

/** Parses argv as the CLI does and returns the verb's options merged with the global ones. */
async function parsed(args: string[]): Promise<Record<string, unknown>> {
  const program = addGlobalOptions(new Command("rpi")).exitOverride();
  registerCommands(program);
  shareGlobalOptions(program);
  let seen: Record<string, unknown> = {};
  program.hook("preAction", (_program, action) => {
    seen = action.optsWithGlobals();
    throw new Error("stop before the action");
  });
  await program.parseAsync(["node", "rpi", ...args]).catch(() => undefined);
  return seen;
}

describe("global options", () => {
  it("take -f before the verb and after it", async () => {
    assert.equal((await parsed(["-f", "a.yml", "up"])).file, "a.yml");
    assert.equal((await parsed(["up", "-f", "b.yml"])).file, "b.yml");
    assert.equal((await parsed(["status", "--runtime", "local"])).runtime, "local");
    assert.equal((await parsed(["--runtime", "local", "status"])).runtime, "local");
  });

  it("let `logs -f` mean --follow, with --file still there", async () => {
    const options = await parsed(["logs", "-f", "--file", "c.yml", "web"]);
    assert.equal(options.follow, true);
    assert.equal(options.file, "c.yml");
  });
});
