import type Dockerode from "dockerode";

/**
 * Labels on everything these tests create. The run label keeps the cleanup away from containers of other
 * suites, and of other runs of this suite, that run at the same time.
 */
export const TEST_LABELS = {
  "io.rpi.test": "1",
  "io.rpi.test-suite": "emulator-image",
  "io.rpi.test-run": `${process.pid}-${Date.now()}`,
} as const;

/** Splits Docker's multiplexed (non-TTY) log format into plain text. */
export function demuxLogs(buffer: Buffer): string {
  let text = "";
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    text += buffer.subarray(offset + 8, offset + 8 + size).toString("utf8");
    offset += 8 + size;
  }
  return text;
}

/** The container's log so far (stdout and stderr interleaved). */
export async function containerLogs(container: Dockerode.Container): Promise<string> {
  const buffer = (await container.logs({
    stdout: true,
    stderr: true,
    follow: false,
  })) as unknown as Buffer;
  return demuxLogs(buffer);
}

/** Runs a command in a running container (no TTY: tools print no colours). */
export async function execIn(
  container: Dockerode.Container,
  cmd: string[],
): Promise<{ exitCode: number; output: string }> {
  const exec = await container.exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, output: demuxLogs(Buffer.concat(chunks)) };
}

/** Runs a one-shot container to its end and removes it: exit code and log. */
export async function runToEnd(
  docker: Dockerode,
  options: Dockerode.ContainerCreateOptions,
): Promise<{ exitCode: number; output: string }> {
  const container = await docker.createContainer({ ...options, Labels: { ...TEST_LABELS } });
  try {
    await container.start();
    const result = (await container.wait()) as { StatusCode: number };
    return { exitCode: result.StatusCode, output: await containerLogs(container) };
  } finally {
    await container.remove({ force: true });
  }
}

/** Polls until check() is true or the timeout passes; the message names what was awaited. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

const STALE_SECONDS = 3600;

/** Removes what this run created, and what interrupted runs of this suite left behind over an hour ago. */
export async function removeTestResources(docker: Dockerode): Promise<void> {
  const filters = { label: ["io.rpi.test=1", "io.rpi.test-suite=emulator-image"] };
  const now = Date.now() / 1000;
  const ours = (labels: Record<string, string> | undefined, created: number) =>
    labels?.["io.rpi.test-run"] === TEST_LABELS["io.rpi.test-run"] || now - created > STALE_SECONDS;
  const ignoreGone = (error: { statusCode?: number }) => {
    if (error.statusCode !== 404 && error.statusCode !== 409) throw error;
  };
  for (const info of await docker.listContainers({ all: true, filters })) {
    if (ours(info.Labels, info.Created)) {
      await docker.getContainer(info.Id).remove({ force: true }).catch(ignoreGone);
    }
  }
  for (const info of await docker.listNetworks({ filters })) {
    if (ours(info.Labels, Date.parse(info.Created) / 1000)) {
      await docker.getNetwork(info.Id).remove().catch(ignoreGone);
    }
  }
}
