import type { Command } from "commander";
import { execa } from "execa";
import { RuntimeError } from "../../errors.js";
import { sshEndpoint } from "../../execute/readiness.js";
import { sshArgs } from "../../project/ssh-args.js";
import { SSH_ATTEMPTS, SSH_RETRY_PAUSE_MS, sshTurnedAway } from "../../project/ssh-retry.js";
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
  const [machine] = await runtime.list(config.name, name);
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
  const argv = remote.length === 0 ? ["-t", ...args] : args;
  let result = await runSsh(argv);
  for (let attempt = 2; attempt <= SSH_ATTEMPTS; attempt++) {
    if (!sshTurnedAway(result.exitCode, result.stderr)) break;
    await new Promise((resolve) => setTimeout(resolve, SSH_RETRY_PAUSE_MS));
    result = await runSsh(argv);
  }
  if (result.failed && result.exitCode === undefined) {
    throw new RuntimeError(
      "ssh could not be started",
      "install OpenSSH's client (Debian: openssh-client)",
    );
  }
  process.exitCode = result.exitCode ?? 1;
}

/**
 * OpenSSH with the terminal as it is; its own messages go on to stderr as they come and are kept
 * too, so a connection the guest turned away before anything ran can be told apart.
 */
async function runSsh(
  argv: string[],
): Promise<{ exitCode?: number; failed: boolean; stderr: string }> {
  const child = execa("ssh", argv, {
    stdin: "inherit",
    stdout: "inherit",
    stderr: "pipe",
    reject: false,
    buffer: false,
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderr = (stderr + chunk.toString("utf8")).slice(-4096);
  });
  const result = await child;
  return { exitCode: result.exitCode, failed: result.failed, stderr };
}
