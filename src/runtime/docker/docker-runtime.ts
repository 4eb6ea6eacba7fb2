import Docker from "dockerode";
import { PassThrough, type Readable } from "node:stream";
import { RuntimeError } from "../../errors.js";
import type { ContainerState, ObservedMachine, ObservedPort } from "../../plan/observed.js";
import { ensureEmulatorImage, emulatorImageTag } from "../emulator-image.js";
import { LABELS } from "../labels.js";
import type {
  ForwardListen,
  LogOptions,
  MachineRunSpec,
  PublishedPort,
  Runtime,
} from "../runtime.js";
import { containerOptions } from "./container-options.js";
import { DockerToolsExec } from "./tools-exec.js";
import { diskToolsOnHost } from "../disk-tools-on-host.js";
import { hostExec, type Exec } from "../../util/exec.js";
import { demuxLogFrames } from "./demux.js";
import { containerName, networkName } from "./names.js";

type Listed = Omit<ObservedMachine, "ready">;

/** Machines as Docker containers (DESIGN §6), through dockerode; DOCKER_HOST is honoured. */
export class DockerRuntime implements Runtime {
  readonly kind = "docker";

  constructor(private readonly docker: Docker = new Docker()) {}

  /** A client for the engine at DOCKER_HOST, else the local socket. */
  static client(): Docker {
    return new Docker();
  }

  /** Whether an engine answers within timeoutMs. */
  static async reachable(docker: Docker = new Docker(), timeoutMs = 1500): Promise<boolean> {
    const timeout = new Promise<false>((resolve) =>
      setTimeout(() => resolve(false), timeoutMs).unref(),
    );
    const ping = docker.ping().then(
      () => true,
      () => false,
    );
    return Promise.race([ping, timeout]);
  }

  async list(project: string): Promise<Listed[]> {
    const containers = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABELS.project}=${project}`] },
    });
    return Promise.all(
      containers.map(async (summary) => {
        const info = await this.docker.getContainer(summary.Id).inspect();
        const labels = info.Config.Labels ?? {};
        return {
          machine: labels[LABELS.machine] ?? summary.Names[0]?.replace(/^\//, "") ?? summary.Id,
          state: info.State.Status as ContainerState,
          configHash: labels[LABELS.configHash] ?? "",
          hashedFields: parseJson(labels[LABELS.config]),
          board: labels[LABELS.board],
          sshUser: labels[LABELS.sshUser],
          ports: reachablePorts(info),
          startedAt: info.State.Running ? new Date(info.State.StartedAt) : undefined,
          exitCode: info.State.Running ? undefined : info.State.ExitCode,
        } satisfies Listed;
      }),
    );
  }

  async prepareEngine(onLine: (line: string) => void): Promise<{ built: boolean; detail: string }> {
    const { tag, built } = await ensureEmulatorImage(this.docker, { onLine });
    return { built, detail: built ? `built ${tag}` : `${tag} present` };
  }

  async diskTools(
    project: string,
    paths: { readOnly: string[]; readWrite: string[] },
  ): Promise<{ exec: Exec; release(): Promise<void> }> {
    if (await diskToolsOnHost()) {
      return { exec: hostExec, release: async () => undefined };
    }
    const tools = await DockerToolsExec.start(this.docker, emulatorImageTag(), project, paths);
    return { exec: tools, release: () => tools.stop() };
  }

  async ensureNetwork(project: string, internal: boolean): Promise<void> {
    const name = networkName(project);
    const existing = await this.docker.listNetworks({ filters: { name: [name] } });
    if (existing.some((network) => network.Name === name)) {
      return;
    }
    await this.docker.createNetwork({
      Name: name,
      Driver: "bridge",
      Internal: internal,
      Labels: { [LABELS.project]: project },
    });
  }

  async removeNetwork(project: string): Promise<void> {
    const name = networkName(project);
    const existing = await this.docker.listNetworks({ filters: { name: [name] } });
    for (const network of existing.filter((candidate) => candidate.Name === name)) {
      await this.docker.getNetwork(network.Id).remove();
    }
  }

  async forwardListens(
    ports: PublishedPort[],
    options: { restrict: boolean },
  ): Promise<ForwardListen[]> {
    // Restricted guests have no default route: QEMU listens on loopback and the entrypoint relays
    // the container's address to it (RPI_LOOPBACK_FORWARDS), so connections reach the guest on-link.
    return ports.map((port) => ({
      address: options.restrict ? "127.0.0.1" : "",
      port: port.guestPort,
      guestPort: port.guestPort,
      protocol: port.protocol,
    }));
  }

  monitorSocket(_machine: string): string {
    // The entrypoint's contract (docker/README.md): it powers the guest down through this socket.
    return "/run/rpi/monitor.sock";
  }

  async create(spec: MachineRunSpec): Promise<void> {
    await this.docker.createContainer(containerOptions(spec, emulatorImageTag()));
  }

  async start(project: string, machine: string): Promise<void> {
    const container = this.container(project, machine);
    const info = await container.inspect();
    if (info.State.Paused) {
      await container.unpause();
    } else if (!info.State.Running) {
      await container.start();
    }
  }

  async stop(project: string, machine: string, graceSeconds: number): Promise<void> {
    await ignoreNotModified(this.container(project, machine).stop({ t: graceSeconds }));
  }

  async waitExit(project: string, machine: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const info = await this.container(project, machine).inspect();
      if (!info.State.Running) {
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return false;
  }

  async remove(project: string, machine: string): Promise<void> {
    try {
      await this.container(project, machine).remove({ force: true });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) {
        throw error;
      }
    }
  }

  async logs(project: string, machine: string, options: LogOptions): Promise<Readable> {
    const container = this.container(project, machine);
    const tail = options.tail;
    if (!options.follow) {
      const buffer = await container.logs({ stdout: true, stderr: true, tail, follow: false });
      const text = demuxLogFrames(buffer);
      const out = new PassThrough();
      out.end(text);
      return out;
    }
    const stream = await container.logs({ stdout: true, stderr: true, tail, follow: true });
    const out = new PassThrough();
    this.docker.modem.demuxStream(stream, out, out);
    stream.on("end", () => out.end());
    return out;
  }

  async tail(project: string, machine: string, lines: number): Promise<string> {
    try {
      const buffer = await this.container(project, machine).logs({
        stdout: true,
        stderr: true,
        follow: false,
        tail: lines,
      });
      return demuxLogFrames(buffer);
    } catch {
      return "";
    }
  }

  private container(project: string, machine: string): Docker.Container {
    return this.docker.getContainer(containerName(project, machine));
  }
}

/**
 * Where the host reaches each guest port: the published binding, or — on an internal network, where
 * Docker publishes nothing and lists no ports at all — the container's own address.
 */
function reachablePorts(info: Docker.ContainerInspectInfo): ObservedPort[] {
  const result: ObservedPort[] = [];
  const address = Object.values(info.NetworkSettings.Networks ?? {})[0]?.IPAddress ?? "";
  const published = info.NetworkSettings.Ports ?? {};
  // The exposed ports are the machine's; NetworkSettings.Ports is empty on an internal network.
  const keys = new Set([...Object.keys(info.Config.ExposedPorts ?? {}), ...Object.keys(published)]);
  for (const key of keys) {
    const [guest, protocol] = key.split("/");
    const bound = published[key] ?? [];
    const bindings =
      bound.length > 0 ? bound : address ? [{ HostIp: address, HostPort: guest }] : [];
    for (const binding of bindings) {
      result.push({
        hostIp: binding.HostIp || "0.0.0.0",
        hostPort: Number(binding.HostPort),
        guestPort: Number(guest),
        protocol: protocol === "udp" ? "udp" : "tcp",
      });
    }
  }
  return result.filter(
    (port, index) =>
      result.findIndex((p) => p.hostPort === port.hostPort && p.protocol === port.protocol) ===
      index,
  );
}

function parseJson(text: string | undefined): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function ignoreNotModified(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== 304 && status !== 404) {
      throw new RuntimeError(`docker stop failed: ${(error as Error).message}`);
    }
  }
}
