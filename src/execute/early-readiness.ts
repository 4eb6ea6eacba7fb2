import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { findConfigFile } from "../config/find-file.js";
import { sanitiseProjectName } from "../config/project-name.js";
import { HeldConnections, readSshBannerWithin } from "../health/ssh-banner.js";
import { LABELS } from "../runtime/labels.js";
import { engineTarget, httpEngineReads } from "../runtime/docker/engine-reads.js";

/** Banner reads started early, by SSH endpoint (`host:port`). */
export type EarlyBanners = Map<string, Promise<boolean>>;

/**
 * Starts the SSH-banner reads of a project's running machines while rpi.yml is still being loaded
 * and validated: a guest under emulation takes ~100–200 ms to answer, about as long as the load.
 * The project name is guessed the loader's way (-p, else `name:`, else the folder); when the guess
 * is wrong, the reads are simply not used. Only for a Docker engine plain HTTP reaches, and only
 * for published ports: the container list alone says where they are. The connections that gave a
 * banner stay open until `held.release()`, so no guest ends its sshd child while others still answer.
 */
export async function startEarlyBanners(options: {
  file?: string;
  projectName?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Promise<{ project: string; banners: EarlyBanners; held: HeldConnections } | undefined> {
  try {
    const target = engineTarget(options.env);
    const project = target && (await guessProjectName(options));
    if (!target || !project) return undefined;
    const filters = encodeURIComponent(JSON.stringify({ label: [`${LABELS.project}=${project}`] }));
    const containers = await httpEngineReads(target).json<ListedContainer[]>(
      `/containers/json?filters=${filters}`,
    );
    const banners: EarlyBanners = new Map();
    const held = new HeldConnections();
    for (const container of containers ?? []) {
      for (const port of container.Ports ?? []) {
        if (port.PrivatePort !== 22 || port.Type !== "tcp" || !port.PublicPort) continue;
        const host = !port.IP || port.IP === "0.0.0.0" ? "127.0.0.1" : port.IP;
        const key = `${host}:${port.PublicPort}`;
        banners.set(key, readSshBannerWithin(host, port.PublicPort, 800, held).then(Boolean));
      }
    }
    return { project, banners, held };
  } catch {
    return undefined; // the real observation reports whatever went wrong
  }
}

/** The fields of GET /containers/json that locate a published SSH port. */
interface ListedContainer {
  Ports?: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
}

async function guessProjectName(options: {
  file?: string;
  projectName?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Promise<string | undefined> {
  if (options.projectName) return options.projectName;
  const found = await findConfigFile(options);
  if ("error" in found) return undefined;
  const text = await readFile(found.file, "utf8");
  const named = /^name:\s*["']?([a-z0-9][a-z0-9_-]*)["']?\s*(#.*)?$/m.exec(text);
  return named ? named[1] : sanitiseProjectName(dirname(found.file));
}
