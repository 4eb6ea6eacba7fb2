import type { FileKeys } from "../../disk/file-keys.js";
import type Docker from "dockerode";
import type { Readable } from "node:stream";
import { RuntimeError } from "../../errors.js";
import type { ContainerState, ObservedMachine, ObservedPort } from "../../plan/observed.js";
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
import { engineTarget, httpEngineReads, type EngineReads } from "./engine-reads.js";
import { demuxLogFrames, demuxLogStream } from "./demux.js";
import { containerName, networkName } from "./names.js";

type Listed = Omit<ObservedMachine, "ready">;

/**
 * Machines as Docker containers (DESIGN §6); DOCKER_HOST is honoured. Reads (status, readiness,
 * console tails) go over plain HTTP where they can; dockerode is loaded for the first change.
 */
export class DockerRuntime implements Runtime {
  readonly kind = "docker";
  private client?: Promise<Docker>;

  private constructor(
    private readonly reads: EngineReads,
    client?: Docker,
  ) {
    if (client) this.client = Promise.resolve(client);
  }

  /** The runtime for the engine at DOCKER_HOST (else the local socket). */
  static async connect(env: NodeJS.ProcessEnv = process.env): Promise<DockerRuntime> {
    const target = engineTarget(env);
    if (target) return new DockerRuntime(httpEngineReads(target));
    const { dockerodeClient, dockerodeReads } = await import("./dockerode-client.js");
    const client = await dockerodeClient();
    return new DockerRuntime(dockerodeReads(client), client);
  }

  /** Whether the engine answers within timeoutMs. */
  reachable(timeoutMs = 1500): Promise<boolean> {
    return this.reads.ping(timeoutMs);
  }

  async list(project: string, machine?: string): Promise<Listed[]> {
    const label = [`${LABELS.project}=${project}`];
    if (machine !== undefined) label.push(`${LABELS.machine}=${machine}`);
    const filters = encodeURIComponent(JSON.stringify({ label }));
    const containers =
      (await this.reads.json<Docker.ContainerInfo[]>(
        `/containers/json?all=1&filters=${filters}`,
      )) ?? [];
    const listed = await Promise.all(
      containers.map(async (summary): Promise<Listed | undefined> => {
        const info = await this.reads.json<Docker.ContainerInspectInfo>(
          `/containers/${summary.Id}/json`,
        );
        if (!info) return undefined; // removed between the two calls
        const labels = info.Config.Labels ?? {};
        // The disk-tools container of a running `up` is the project's, but not a machine.
        if (labels[LABELS.machine] === undefined) return undefined;
        return {
          machine: labels[LABELS.machine],
          state: info.State.Status as ContainerState,
          configHash: labels[LABELS.configHash] ?? "",
          hashedFields: parseJson(labels[LABELS.config]),
          board: labels[LABELS.board],
          sshUser: labels[LABELS.sshUser],
          fileKeys: parseJson(labels[LABELS.files]) as FileKeys,
          ports: reachablePorts(info),
          startedAt: info.State.Running ? new Date(info.State.StartedAt) : undefined,
          exitCode: info.State.Running ? undefined : info.State.ExitCode,
        };
      }),
    );
    return listed.filter((machine): machine is Listed => machine !== undefined);
  }

  async prepareEngine(onLine: (line: string) => void): Promise<{ built: boolean; detail: string }> {
    const { emulatorImageTag, ensureEmulatorImage } = await emulatorImage();
    const tag = emulatorImageTag();
    // Present (the usual case): answered without loading dockerode, which only the build needs.
    if (await this.reads.json(`/images/${encodeURIComponent(tag)}/json`)) {
      return { built: false, detail: `${tag} present` };
    }
    const { built } = await ensureEmulatorImage(await this.docker(), { onLine });
    return { built, detail: built ? `built ${tag}` : `${tag} present` };
  }

  async diskTools(
    project: string,
    paths: { readOnly: string[]; readWrite: string[] },
  ): Promise<{ exec: Exec; release(): Promise<void> }> {
    if (await diskToolsOnHost()) {
      return { exec: hostExec, release: async () => undefined };
    }
    const tools = await DockerToolsExec.start(
      await this.docker(),
      (await emulatorImage()).emulatorImageTag(),
      project,
      paths,
    );
    return { exec: tools, release: () => tools.stop() };
  }

  async ensureNetwork(project: string, internal: boolean): Promise<boolean> {
    const name = networkName(project);
    if (await this.networkId(name)) {
      return false;
    }
    const answer = await this.reads.send("POST", "/networks/create", {
      Name: name,
      Driver: "bridge",
      Internal: internal,
      CheckDuplicate: true,
      Labels: { [LABELS.project]: project },
    });
    // 409: another machine of this `up` created it first.
    if (answer.status !== 201 && answer.status !== 200 && answer.status !== 409) {
      throw new RuntimeError(`could not create the Docker network ${name}: ${answer.message}`);
    }
    return answer.status !== 409;
  }

  async removeNetwork(project: string): Promise<void> {
    const id = await this.networkId(networkName(project));
    if (id) {
      const answer = await this.reads.send("DELETE", `/networks/${id}`);
      if (answer.status >= 300 && answer.status !== 404) {
        throw new RuntimeError(`could not remove the Docker network: ${answer.message}`);
      }
    }
  }

  /** The id of the network with exactly this name (the engine's filter also matches prefixes). */
  private async networkId(name: string): Promise<string | undefined> {
    const filters = encodeURIComponent(JSON.stringify({ name: [name] }));
    const networks =
      (await this.reads.json<{ Id: string; Name: string }[]>(`/networks?filters=${filters}`)) ?? [];
    return networks.find((network) => network.Name === name)?.Id;
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
    const { name, ...options } = containerOptions(spec, (await emulatorImage()).emulatorImageTag());
    const answer = await this.reads.send(
      "POST",
      `/containers/create?name=${encodeURIComponent(name ?? "")}`,
      options,
    );
    if (answer.status === 409) {
      // rpi's own containers carry the project's label and are removed before a re-create: this is not one.
      throw new RuntimeError(
        `a container named ${name} exists that this project does not know (it lacks the ${LABELS.project}=${spec.project} label)`,
        `remove it (\`docker rm -f ${name}\`) if it is a leftover, or rename the machine or the project`,
      );
    }
    if (answer.status !== 201) {
      throw new RuntimeError(`could not create container ${name}: ${answer.message}`);
    }
  }

  async start(project: string, machine: string): Promise<void> {
    const name = containerName(project, machine);
    // Started straight away (one call, not inspect then start): what it says covers the rest.
    const answer = await this.reads.send("POST", `/containers/${name}/start`);
    // 304: already running (started by a concurrent `up`).
    if (answer.status === 204 || answer.status === 304 || answer.status === 200) return;
    if (answer.status === 404) {
      throw new RuntimeError(`container ${name} is gone`, "run `rpi up` again to create it");
    }
    if (/paused/i.test(answer.message)) {
      const unpaused = await this.reads.send("POST", `/containers/${name}/unpause`);
      if (unpaused.status === 204 || unpaused.status === 200) return;
    }
    throw new RuntimeError(`could not start container ${name}: ${answer.message}`);
  }

  async stop(project: string, machine: string, graceSeconds: number): Promise<void> {
    await ignoreNotModified((await this.container(project, machine)).stop({ t: graceSeconds }));
  }

  async waitExit(project: string, machine: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const info = await this.reads.json<Docker.ContainerInspectInfo>(
        `/containers/${containerName(project, machine)}/json`,
      );
      if (!info?.State.Running) {
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return false;
  }

  async remove(project: string, machine: string): Promise<void> {
    const name = containerName(project, machine);
    const answer = await this.reads.send("DELETE", `/containers/${name}?force=1`);
    if (answer.status >= 300 && answer.status !== 404) {
      throw new RuntimeError(`could not remove container ${name}: ${answer.message}`);
    }
  }

  async logs(project: string, machine: string, options: LogOptions): Promise<Readable> {
    const query = `stdout=1&stderr=1&follow=${options.follow ? 1 : 0}${options.tail === undefined ? "" : `&tail=${options.tail}`}`;
    const path = `/containers/${containerName(project, machine)}/logs?${query}`;
    const frames = await this.reads.stream(path);
    if (!frames) {
      throw new RuntimeError(
        `container ${containerName(project, machine)} is gone`,
        "run `rpi up` to create it",
      );
    }
    return demuxLogStream(frames);
  }

  async tail(project: string, machine: string, lines: number): Promise<string> {
    const path = `/containers/${containerName(project, machine)}/logs?stdout=1&stderr=1&tail=${lines}`;
    const frames = await this.reads.bytes(path).catch(() => undefined);
    return frames ? demuxLogFrames(frames) : "";
  }

  /** dockerode, loaded on first use: its import costs more than a whole `rpi status`. */
  private docker(): Promise<Docker> {
    this.client ??= import("./dockerode-client.js").then((m) => m.dockerodeClient());
    return this.client;
  }

  private async container(project: string, machine: string): Promise<Docker.Container> {
    return (await this.docker()).getContainer(containerName(project, machine));
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

/** The emulator image's tag and build: only the verbs that create need them (and node:crypto). */
function emulatorImage() {
  return import("../emulator-image.js");
}
