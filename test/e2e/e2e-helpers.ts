import { execa } from "execa";
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { rpiOk, tempProject, type CliResult } from "../support/rpi-cli.js";
import { testImage } from "../support/test-image.js";

/** Byte offset of the test image's boot (FAT) partition: sector 8192, as Raspberry Pi OS. */
const BOOT_OFFSET = 8192 * 512;

/** Copies files out of the image's boot partition with mtools (read only); returns their paths. */
export async function extractBootFiles(image: string, names: string[]): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "rpi-e2e-boot-"));
  const paths: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    await execa("mcopy", ["-n", "-i", `${image}@@${BOOT_OFFSET}`, `::${name}`, path]);
    paths.push(path);
  }
  return paths;
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The first line a TCP server sends (e.g. an SSH banner), or an error after timeoutMs. */
export function readGreeting(host: string, port: number, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let data = "";
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(data.split(/\r?\n/)[0] ?? "");
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no greeting from ${host}:${port}`)));
    socket.on("data", (chunk: Buffer) => {
      data += chunk.toString("latin1");
      if (data.includes("\n")) done();
    });
    socket.on("error", done);
    socket.on("close", () => done(data ? undefined : new Error(`${host}:${port} closed`)));
    socket.connect(port, host);
  });
}

/** `rpi status --json`, parsed. */
export async function statusJson(dir: string, args: string[] = []): Promise<StatusJson> {
  return JSON.parse((await rpiOk(dir, [...args, "status", "--json"])).stdout) as StatusJson;
}

export interface StatusJson {
  project: string;
  runtime: string;
  machines: {
    machine: string;
    state: string;
    exitCode?: number;
    board?: string;
    ssh?: { host: string; port: number; user: string };
    ports: { hostIp: string; hostPort: number; guestPort: number; protocol: string }[];
  }[];
}

/** The container of a machine, inspected. */
export function inspectMachine(project: string, machine: string) {
  return new Docker().getContainer(`${project}-${machine}`).inspect();
}

/** The whole output of a CLI run, for assertion messages. */
export function output(result: CliResult): string {
  return `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/**
 * A project with one virt machine, `pi`, that boots the project's own copy of the test image (as a
 * user keeps one: a rebuild of the test image elsewhere can't pull it away). `extra` adds fields
 * to the machine, one YAML line each.
 */
export async function oneVirtProject(extra: string[] = []): Promise<{ dir: string; name: string }> {
  const project = await tempProject((name) =>
    [
      `name: ${name}`,
      "machines:",
      "  pi:",
      "    image: pi.img",
      "    board: virt",
      "    memory: 256",
      "    restrict: true",
      "    healthcheck: { timeout: 4m }",
      ...extra.map((line) => `    ${line}`),
      "",
    ].join("\n"),
  );
  await execa("cp", ["--sparse=always", await testImage(), join(project.dir, "pi.img")]);
  return project;
}

/** A process's scheduling policy from /proc (field 41 of its stat): "batch" for SCHED_BATCH. */
export function schedulingPolicy(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // from field 3, the state
  const policy = Number(fields[41 - 3]);
  return ["other", "fifo", "rr", "batch", "iso", "idle", "deadline"][policy] ?? String(policy);
}
