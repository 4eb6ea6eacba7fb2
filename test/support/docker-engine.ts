import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

const START_DOCKER = fileURLToPath(new URL("../../../scripts/start-docker.sh", import.meta.url));

/**
 * Whether a test may stop and start the Docker engine: in CI (where .ci/run started it), or when
 * a developer asks with RPI_TEST_RESTART_ENGINE=1. Never someone's engine by surprise.
 */
export function mayRestartEngine(): boolean {
  return process.env.CI === "true" || process.env.RPI_TEST_RESTART_ENGINE === "1";
}

/** Stops the engine, runs `whileDown`, and starts it again the way .ci/run does. */
export async function restartEngine(whileDown: () => Promise<void>): Promise<void> {
  await stopEngine();
  try {
    await whileDown();
  } finally {
    await execa("bash", [START_DOCKER]);
  }
}

async function stopEngine(): Promise<void> {
  const systemd = await execa("systemctl", ["is-active", "--quiet", "docker"], { reject: false });
  if (existsSync("/run/systemd/system") && systemd.exitCode === 0) {
    await execa("systemctl", ["stop", "docker.socket", "docker"]);
    return;
  }
  const pid = Number((await readFile("/var/run/docker.pid", "utf8")).trim());
  if (!(pid > 0)) throw new Error("no dockerd pid in /var/run/docker.pid");
  process.kill(pid, "SIGTERM");
  // dockerd stops its containers first (each within its stop timeout), then exits.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    // Gone, or a zombie where nothing reaps orphans: either way the engine has stopped.
    if (stat === "" || stat.split(" ")[2] === "Z") return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`dockerd (pid ${pid}) did not stop within 120 s of SIGTERM`);
}
