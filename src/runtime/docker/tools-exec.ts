import type Docker from "dockerode";
import { PassThrough } from "node:stream";
import { RuntimeError } from "../../errors.js";
import type { Exec, ExecResult } from "../../util/exec.js";
import { LABELS } from "../labels.js";

/**
 * Runs the disk tools (mtools, e2fsprogs, qemu-img, sfdisk) inside the emulator image, so a Docker
 * user needs none of them on the host. One idle container per `rpi up`, each tool a `docker exec`
 * in it; the host paths the tools touch are bound at the same paths, and the tools run as the
 * calling user so the files they make stay the user's.
 */
export class DockerToolsExec implements Exec {
  private constructor(
    private readonly docker: Docker,
    private readonly container: Docker.Container,
  ) {}

  /** Starts the tools container with the host paths bound at the same paths (the user's images read-only). */
  static async start(
    docker: Docker,
    image: string,
    project: string,
    paths: { readOnly: string[]; readWrite: string[] },
  ): Promise<DockerToolsExec> {
    const readWrite = new Set(paths.readWrite);
    const binds = [
      ...[...readWrite].map((path) => `${path}:${path}`),
      ...[...new Set(paths.readOnly)]
        .filter((p) => !readWrite.has(p))
        .map((path) => `${path}:${path}:ro`),
    ];
    const user =
      typeof process.getuid === "function" ? `${process.getuid()}:${process.getgid?.()}` : "";
    const container = await docker.createContainer({
      Image: image,
      Entrypoint: ["sleep"],
      Cmd: ["infinity"],
      User: user,
      Labels: { [LABELS.project]: project, "io.rpi.role": "tools" },
      HostConfig: {
        Binds: binds,
        NetworkMode: "none",
        AutoRemove: true,
      },
    });
    await container.start();
    return new DockerToolsExec(docker, container);
  }

  async run(
    file: string,
    args: readonly string[],
    options?: { input?: string | Buffer },
  ): Promise<ExecResult> {
    const exec = await this.container.exec({
      Cmd: [file, ...args],
      AttachStdout: true,
      AttachStderr: true,
      AttachStdin: options?.input !== undefined,
      Env: ["LANG=C.UTF-8"],
    });
    const stream = await exec.start({ hijack: true, stdin: options?.input !== undefined });
    const stdout = collect();
    const stderr = collect();
    this.docker.modem.demuxStream(stream, stdout.sink, stderr.sink);
    if (options?.input !== undefined) {
      stream.end(options.input);
    }
    await new Promise<void>((resolve, reject) => {
      stream.on("end", resolve);
      stream.on("close", resolve);
      stream.on("error", reject);
    });
    const { ExitCode } = await exec.inspect();
    if (ExitCode === 127 && stderr.text().includes("executable file not found")) {
      throw new RuntimeError(
        `${file} is missing from the emulator image`,
        "rebuild it: remove the rpi-emulator images and run rpi up",
      );
    }
    return { stdout: stdout.text(), stderr: stderr.text(), exitCode: ExitCode ?? 1 };
  }

  /** Removes the tools container. */
  async stop(): Promise<void> {
    await this.container.remove({ force: true }).catch(() => undefined);
  }
}

function collect(): { sink: PassThrough; text: () => string } {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { sink, text: () => Buffer.concat(chunks).toString("utf8") };
}
