import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BOARDS = [
  ["versatilepb", 256],
  ["raspi2b", 1024],
  ["raspi3b", 1024],
  ["virt", 512],
] as const;

/** Writes an rpi.yml of `count` machines (mixed boards, ports, ssh ports) with stand-in images; returns its path. */
export function generateFleet(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), "rpi-bench-"));
  mkdirSync(join(dir, "images"));
  for (const file of ["pi.img", "kernel", "keys.pub"])
    writeFileSync(join(dir, "images", file), "stand-in\n");
  const lines = [
    "name: bench",
    "defaults:",
    "  image: images/pi.img",
    "  ssh: { user: pi, authorized_keys: [images/keys.pub] }",
    "  healthcheck: { timeout: 10m }",
    "machines:",
  ];
  for (let i = 0; i < count; i++) {
    const [board, memory] = BOARDS[i % BOARDS.length];
    lines.push(
      `  node-${i}:`,
      `    board: ${board}`,
      `    memory: ${memory}`,
      ...(board === "versatilepb" ? ["    kernel: images/kernel"] : []),
      `    ports: ["${10000 + i}:80", "127.0.0.1:${20000 + i}:53/udp"]`,
      `    ssh: { port: ${30000 + i} }`,
      `    cmdline: quiet loglevel=\${LOGLEVEL:-3}`,
    );
  }
  const file = join(dir, "rpi.yml");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}
