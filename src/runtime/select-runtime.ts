import { ConfigError, RuntimeError } from "../errors.js";
import { recordedRuntime } from "../project/runtime-record.js";
import type { Runtime } from "./runtime.js";

export const RUNTIME_KINDS = ["auto", "docker", "local"] as const;
export type RuntimeKind = (typeof RUNTIME_KINDS)[number];

/**
 * The runtime a command uses: the one asked for; else the one the project's machines run in (as
 * `up` recorded it); else Docker where an engine answers (DOCKER_HOST honoured), else QEMU on the
 * host. `notice` hears why when the choice was automatic and fell back.
 */
export async function selectRuntime(
  kind: RuntimeKind,
  projectDir: string,
  notice: (line: string) => void,
): Promise<Runtime> {
  if (!RUNTIME_KINDS.includes(kind)) {
    throw new ConfigError(`unknown runtime "${kind}"`, `use one of: ${RUNTIME_KINDS.join(", ")}`);
  }
  const recorded = kind === "auto" ? await recordedRuntime(projectDir) : undefined;
  if (kind === "local" || recorded === "local") {
    const { LocalRuntime } = await import("./local/local-runtime.js");
    return new LocalRuntime(projectDir);
  }
  // Loaded here, not at start: `rpi --help` and `validate` never need a runtime.
  const { DockerRuntime } = await import("./docker/docker-runtime.js");
  const docker = await DockerRuntime.connect();
  if (kind === "docker" || recorded === "docker") {
    if (!(await docker.reachable())) {
      const where = process.env.DOCKER_HOST
        ? ` at ${process.env.DOCKER_HOST}`
        : " at /var/run/docker.sock";
      throw recorded === "docker"
        ? new RuntimeError(
            `no Docker engine answers${where}, and this project's machines run in Docker (recorded by \`rpi up\` in .rpi/runtime): their state can't be known`,
            "start the engine (e.g. `sudo systemctl start docker`) and run the command again; to run the project as QEMU processes on this host instead, pass --runtime local",
          )
        : new RuntimeError(
            `no Docker engine answers${where}`,
            "start the engine (e.g. `sudo systemctl start docker`), or use --runtime local to run QEMU on this host",
          );
    }
    return docker;
  }
  if (await docker.reachable()) {
    return docker;
  }
  const { LocalRuntime } = await import("./local/local-runtime.js");
  notice(
    "no Docker engine answers: running machines as QEMU processes on this host (--runtime local)",
  );
  return new LocalRuntime(projectDir);
}
