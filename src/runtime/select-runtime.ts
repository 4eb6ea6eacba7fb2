import { ConfigError, RuntimeError } from "../errors.js";
import type { Runtime } from "./runtime.js";

export const RUNTIME_KINDS = ["auto", "docker", "local"] as const;
export type RuntimeKind = (typeof RUNTIME_KINDS)[number];

/**
 * The runtime a command uses: Docker where an engine answers (DOCKER_HOST honoured), else QEMU
 * on the host. `notice` hears why when the choice was automatic and fell back.
 */
export async function selectRuntime(
  kind: RuntimeKind,
  projectDir: string,
  notice: (line: string) => void,
): Promise<Runtime> {
  if (!RUNTIME_KINDS.includes(kind)) {
    throw new ConfigError(`unknown runtime "${kind}"`, `use one of: ${RUNTIME_KINDS.join(", ")}`);
  }
  // Loaded here, not at start: `rpi --help` and `validate` never need a runtime.
  const { DockerRuntime } = await import("./docker/docker-runtime.js");
  const docker = await DockerRuntime.connect();
  if (kind === "docker") {
    if (!(await docker.reachable())) {
      throw new RuntimeError(
        `no Docker engine answers${process.env.DOCKER_HOST ? ` at ${process.env.DOCKER_HOST}` : " at /var/run/docker.sock"}`,
        "start the engine (e.g. `sudo systemctl start docker`), or use --runtime local to run QEMU on this host",
      );
    }
    return docker;
  }
  if (kind === "auto" && (await docker.reachable())) {
    return docker;
  }
  const { LocalRuntime } = await import("./local/local-runtime.js");
  if (kind === "auto") {
    notice(
      "no Docker engine answers: running machines as QEMU processes on this host (--runtime local)",
    );
  }
  return new LocalRuntime(projectDir);
}
