import { createServer } from "node:net";
import { rm } from "node:fs/promises";
import { check } from "./proc.js";
import { guestTimes, type GuestTimes } from "./guest-times.js";
import { firstBanner } from "./ssh-banner.js";

/** What `docker run` needs to repeat, by hand, the QEMU command rpi ran for a machine. */
export interface HandRecipe {
  image: string;
  /** The container's Cmd: the QEMU argv rpi computed (argv[0] the QEMU binary). */
  cmd: string[];
  /** rpi's RPI_* variables for the entrypoint (e.g. the loopback relay of a restricted guest). */
  env: string[];
  binds: string[];
  /** The qcow2 overlay the argv boots, and the prepared base it is backed by. */
  overlay: string;
  base: string;
}

/** Reads the recipe from the container rpi created (`docker inspect`), while it still exists. */
export async function captureRecipe(container: string): Promise<HandRecipe> {
  const [info] = JSON.parse(await check("docker", ["inspect", container])) as {
    Config: { Image: string; Cmd: string[]; Env: string[] };
    HostConfig: { Binds: string[] | null };
  }[];
  const cmd = info.Config.Cmd;
  const overlay = cmd.map((arg) => /(?:^|,)file=([^,]+\.qcow2)/.exec(arg)?.[1]).find(Boolean);
  if (!overlay) throw new Error(`${container}: no qcow2 drive in its Cmd: ${cmd.join(" ")}`);
  const facts = JSON.parse(await check("qemu-img", ["info", "--output=json", "-U", overlay])) as {
    "full-backing-filename"?: string;
    "backing-filename"?: string;
  };
  const base = facts["full-backing-filename"] ?? facts["backing-filename"];
  if (!base) throw new Error(`${overlay} has no backing file`);
  return {
    image: info.Config.Image,
    cmd,
    env: info.Config.Env.filter((entry) => entry.startsWith("RPI_")),
    binds: info.HostConfig.Binds ?? [],
    overlay,
    base,
  };
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface HandResult {
  /** From launching `docker run` to the SSH banner on the published port, ms. */
  ms: number;
  /** When `docker run -d` returned (the container started), ms. */
  startedMs: number;
  banner: string;
  /** When the banner was read, epoch ms; and the container's start and guest's ready line. */
  bannerAt: number;
  guest: GuestTimes;
}

/**
 * Boots the recipe by hand: a fresh overlay on the same base (made before the clock starts, as rpi's
 * was made before it booted), then `docker run -d` of the emulator image with the same argv and
 * SSH published on 127.0.0.1, timed to the first SSH banner read through that port. The container
 * is labelled so a cleanup by label finds it, then removed.
 */
export async function handRun(
  recipe: HandRecipe,
  name: string,
  label: string,
  timeoutMs = 300_000,
): Promise<HandResult> {
  await rm(recipe.overlay, { force: true });
  await check("qemu-img", [
    "create",
    "-q",
    "-f",
    "qcow2",
    "-F",
    "raw",
    "-b",
    recipe.base,
    recipe.overlay,
  ]);
  const port = await freePort();
  const args = [
    "run",
    "-d",
    "--rm",
    "--name",
    name,
    "--label",
    label,
    ...recipe.env.flatMap((entry) => ["-e", entry]),
    ...recipe.binds.flatMap((bind) => ["-v", bind]),
    "-p",
    `127.0.0.1:${port}:22`,
    recipe.image,
    ...recipe.cmd,
  ];
  try {
    const abort = new AbortController();
    const start = performance.now();
    const started = check("docker", args).then(
      () => performance.now() - start,
      (error: Error) => {
        abort.abort();
        throw error;
      },
    );
    const banner = await Promise.race([
      firstBanner("127.0.0.1", port, timeoutMs, 100, 3000, abort.signal),
      started.then(() => new Promise<never>(() => undefined)),
    ]);
    const ms = performance.now() - start;
    const bannerAt = Date.now();
    const startedMs = await started;
    return { ms, startedMs, banner, bannerAt, guest: await guestTimes(name) };
  } finally {
    await check("docker", ["rm", "-f", name]).catch(() => "");
    await rm(recipe.overlay, { force: true });
  }
}
