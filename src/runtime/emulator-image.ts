import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type Dockerode from "dockerode";
import { RuntimeError } from "../errors.js";
import { packagePath } from "../package-root.js";

/** The base image the Dockerfile builds FROM unless RPI_BASE_IMAGE or an option says otherwise. */
export const DEFAULT_BASE_IMAGE = "debian:trixie-slim";

/** docker/ of the installed package. */
export function defaultDockerDir(): string {
  return packagePath("docker");
}

/** Relative paths (with "/") of every file under dir, sorted, so hash and build context agree. */
function listFiles(dir: string, prefix = ""): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      files.push(...listFiles(dir, relative));
    } else if (entry.isFile()) {
      files.push(relative);
    }
  }
  return files.sort();
}

/**
 * The emulator image's tag: `rpi-emulator:<12 hex>` from a sha256 over docker/'s sorted relative paths and
 * contents, so any change to the Dockerfile or entrypoint names a new image and rpi builds it.
 */
export function emulatorImageTag(dockerDir: string = defaultDockerDir()): string {
  const hash = createHash("sha256");
  for (const file of listFiles(dockerDir)) {
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(dockerDir, file)))
      .update("\0");
  }
  return `rpi-emulator:${hash.digest("hex").slice(0, 12)}`;
}

export interface EnsureEmulatorImageOptions {
  /** FROM for the build; default $RPI_BASE_IMAGE, else debian:trixie-slim. */
  baseImage?: string;
  /** Each line of build output, as it arrives. */
  onLine?: (line: string) => void;
  /** docker/ folder to build from; default the package's own. */
  dockerDir?: string;
}

/** One JSON message of the engine's build stream. */
interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

async function imageExists(docker: Dockerode, name: string): Promise<boolean> {
  try {
    await docker.getImage(name).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      return false;
    }
    throw new RuntimeError(
      `cannot inspect image ${name}: ${(error as Error).message}`,
      "check that the Docker engine is running and reachable (DOCKER_HOST)",
    );
  }
}

/** Follows a build stream to its end; resolves with the first error message the engine reported, if any. */
function followBuild(
  docker: Dockerode,
  stream: NodeJS.ReadableStream,
  onLine: (line: string) => void,
): Promise<string | undefined> {
  let failure: string | undefined;
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolve(failure)),
      (event: BuildEvent) => {
        const text = event.stream ?? event.status;
        for (const line of (text ?? "").split("\n")) {
          if (line.trim() !== "") onLine(line.trimEnd());
        }
        const message = event.errorDetail?.message ?? event.error;
        if (message !== undefined && failure === undefined) failure = message;
      },
    );
  });
}

/**
 * Makes sure the emulator image exists: a fast no-op when its tag is present, else a build of docker/ through
 * the engine. Returns the tag and whether it was built. Build failures become a RuntimeError with a hint.
 */
export async function ensureEmulatorImage(
  docker: Dockerode,
  options: EnsureEmulatorImageOptions = {},
): Promise<{ tag: string; built: boolean }> {
  const dockerDir = options.dockerDir ?? defaultDockerDir();
  const tag = emulatorImageTag(dockerDir);
  if (await imageExists(docker, tag)) {
    return { tag, built: false };
  }
  const baseImage = options.baseImage ?? process.env.RPI_BASE_IMAGE ?? DEFAULT_BASE_IMAGE;
  const baseMissing = !(await imageExists(docker, baseImage));
  const onLine = options.onLine ?? (() => {});

  let failure: string | undefined;
  try {
    const stream = await docker.buildImage(
      { context: dockerDir, src: listFiles(dockerDir) },
      { t: tag, buildargs: { BASE_IMAGE: baseImage }, rm: true, forcerm: true },
    );
    failure = await followBuild(docker, stream, onLine);
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure === undefined && (await imageExists(docker, tag))) {
    return { tag, built: true };
  }
  const message = `building the emulator image ${tag} failed: ${failure ?? "the engine reported no image"}`;
  if (baseMissing) {
    throw new RuntimeError(
      message,
      `the base image ${baseImage} is not present and could not be pulled: run ` +
        `${path.join(dockerDir, "make-base.sh")} ${baseImage} to create it from Debian packages, ` +
        `or set RPI_BASE_IMAGE to an image you have`,
    );
  }
  throw new RuntimeError(
    message,
    "the build runs apt-get inside the container: check that the engine reaches the Debian archive, " +
      `then retry (or build it by hand: docker build -t ${tag} ${dockerDir})`,
  );
}
