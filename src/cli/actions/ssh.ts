import type { Command } from "commander";
import { execa } from "execa";
import { RuntimeError } from "../../errors.js";
import { sshEndpoint } from "../../execute/readiness.js";
import { sshArgs } from "../../project/ssh-args.js";
import { checkMachineNames, openProject } from "../project-session.js";

/** The `rpi ssh` action; loaded only when this verb runs, so other verbs start fast. */
export async function sshAction(
  name: string,
  remote: string[],
  flags: { user?: string },
  command: Command,
): Promise<void> {
  const { config, runtime } = await openProject(command);
  checkMachineNames(config, [name]);
  const machine = (await runtime.list(config.name)).find((m) => m.machine === name);
  const endpoint = machine && machine.state === "running" ? sshEndpoint(machine) : undefined;
  if (!machine || !endpoint) {
    throw new RuntimeError(
      `${name} is ${machine ? machine.state : "not created"}: no SSH endpoint`,
      `run \`rpi up ${name}\` and try again`,
    );
  }
  const user = flags.user ?? config.machines.find((m) => m.name === name)?.ssh.user ?? "pi";
  const args = sshArgs(
    { projectDir: config.dir, project: config.name, machine: name, ...endpoint, user },
    remote,
    { batch: !process.stdin.isTTY },
  );
  const result = await execa("ssh", remote.length === 0 ? ["-t", ...args] : args, {
    stdio: "inherit",
    reject: false,
  });
  if (result.failed && result.exitCode === undefined) {
    throw new RuntimeError(
      "ssh could not be started",
      "install OpenSSH's client (Debian: openssh-client)",
    );
  }
  process.exitCode = result.exitCode ?? 1;
}
