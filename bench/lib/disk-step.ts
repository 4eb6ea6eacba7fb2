import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { BoardName } from "../../src/config/types.js";
import { planDiskEdits } from "../../src/disk/disk-edits.js";
import type { ImageFacts } from "../../src/disk/image-facts.js";
import { inspectImage } from "../../src/disk/inspect-image.js";
import { prepareMachineDisk } from "../../src/disk/prepare-disk.js";
import { hostExec } from "../../src/util/exec.js";
import { makeDisk, type MadeDisk } from "../../test/support/make-disk.js";
import { machineConfig } from "../../test/support/machine-config.js";

const MGMT = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchManagementKey rpi";

/**
 * A generated Pi-layout image for disk figures: make-disk with 24 MiB of random data in its root
 * (18 MiB, base64), so copying it is not free.
 */
export function benchDisk(sizeMiB: number): Promise<MadeDisk> {
  const payload = { "/opt/payload.b64": randomBytes(18 * 1024 * 1024).toString("base64") };
  return makeDisk({ sizeMiB, rootFiles: payload });
}

/** Image facts as the pipeline gets them (inspectImage with the project's cache). */
export function diskFacts(disk: MadeDisk): Promise<ImageFacts> {
  return inspectImage(disk.path, hostExec, { cacheDir: join(disk.dir, ".rpi", "cache") });
}

/**
 * The disk step of the pipeline for a machine: inspect the image (unless facts are given), plan the
 * edits, prepare the disk (the base once per image, then an overlay per machine).
 */
export async function machineDisk(
  disk: MadeDisk,
  name: string,
  board: BoardName,
  facts?: ImageFacts,
) {
  const f = facts ?? (await diskFacts(disk));
  const machine = machineConfig(name, { image: disk.path, board });
  const edits = planDiskEdits({
    machine,
    facts: f,
    board,
    managementKey: MGMT,
    userKeys: [],
    qemuVersion: [7, 2],
  });
  return prepareMachineDisk({
    projectDir: disk.dir,
    machine,
    board,
    facts: f,
    edits,
    exec: hostExec,
  });
}

/** Wall time of fn, ms. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
