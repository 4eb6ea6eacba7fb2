import { existsSync } from "node:fs";
import { strict as assert } from "node:assert";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import {
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  rm,
  symlink,
  truncate,
  writeFile,
} from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { execa } from "execa";
import Docker from "dockerode";
import { rpi, tempProject } from "../support/rpi-cli.js";
import { testImage } from "../support/test-image.js";

/**
 * Bad input through `node bin/rpi.js up` (issue 6): each case ends with exit 2 (input) or 1
 * (environment), a message naming the file:line:col or the machine (or what is missing), a
 * hint, and nothing of the project created: no container, no network, no overlay.
 */
interface BadInput {
  name: string;
  /** rpi.yml; `fx` is the folder of shared broken files, `name` the project's unique name. */
  yaml: (name: string, fx: Fixtures) => string;
  args?: string[];
  env?: (fx: Fixtures) => Record<string, string>;
  exit: 1 | 2;
  /** What stderr must say: the place or machine, and the problem. */
  says: RegExp;
}

interface Fixtures {
  dir: string;
  image: string;
  /** A 127.0.0.1 TCP port and a UDP port held open by this test. */
  busyTcp: number;
  busyUdp: number;
  /** A PATH with node and ssh-keygen but no QEMU. */
  pathWithoutQemu: string;
}

const virt = (name: string, image: string, extra = "") =>
  `name: ${name}\nmachines:\n  web:\n    image: ${image}\n    board: virt\n${extra}`;
const withImage = (file: string) => (name: string, fx: Fixtures) => virt(name, join(fx.dir, file));
const withKernel =
  (file: string, board = "    board: virt\n") =>
  (name: string, fx: Fixtures) =>
    `name: ${name}\nmachines:\n  web:\n    image: ${fx.image}\n${board}    kernel: ${join(fx.dir, file)}\n`;
const yamlOnly = (body: string) => (name: string, fx: Fixtures) =>
  `name: ${name}\n${body.replaceAll("IMAGE", fx.image)}`;

const CASES: BadInput[] = [
  // ── rpi.yml (exit 2, file:line:col) ──
  {
    name: "a YAML syntax error",
    yaml: yamlOnly("machines:\n  web:\n    image: IMAGE\n    ports: [8080:80\n"),
    exit: 2,
    says: /rpi\.yml:6:1: YAML syntax error/,
  },
  {
    name: "tab indentation",
    yaml: yamlOnly("machines:\n  web:\n\timage: IMAGE\n"),
    exit: 2,
    says: /rpi\.yml:4:1: tab character used for indentation/,
  },
  {
    name: "a key written twice",
    yaml: yamlOnly("machines:\n  web:\n    image: IMAGE\n    image: IMAGE\n"),
    exit: 2,
    says: /rpi\.yml:5:5: YAML syntax error: Map keys must be unique/,
  },
  {
    name: "no machines",
    yaml: yamlOnly("machines: {}\n"),
    exit: 2,
    says: /rpi\.yml:2:11: machines: no machines/,
  },
  {
    name: "a list where a mapping is needed",
    yaml: () => "- web\n",
    exit: 2,
    says: /rpi\.yml:1:1: must be a mapping, not a list/,
  },
  {
    name: "an unknown key with a suggestion",
    yaml: yamlOnly("machines:\n  web:\n    image: IMAGE\n    memroy: 256\n"),
    exit: 2,
    says: /rpi\.yml:5:5: machines\.web: unknown key "memroy" \(did you mean "memory"\?\)/,
  },
  {
    name: "a word where a number is needed",
    yaml: yamlOnly("machines:\n  web:\n    image: IMAGE\n    board: virt\n    cpus: two\n"),
    exit: 2,
    says: /rpi\.yml:6:11: machines\.web\.cpus: must be a whole number/,
  },
  {
    name: "memory a board cannot have",
    yaml: yamlOnly("machines:\n  web:\n    image: IMAGE\n    board: raspi3b\n    memory: 768\n"),
    exit: 2,
    says: /rpi\.yml:6:13: machines\.web\.memory: 768 is not allowed for board raspi3b/,
  },
  {
    name: "memory that is not a size",
    yaml: yamlOnly("machines:\n  web:\n    image: IMAGE\n    memory: lots\n"),
    exit: 2,
    says: /rpi\.yml:5:13: machines\.web\.memory: must be a number/,
  },
  {
    name: "an unknown board",
    yaml: yamlOnly("machines:\n  web:\n    image: IMAGE\n    board: raspi3\n"),
    exit: 2,
    says: /rpi\.yml:5:12: machines\.web\.board: "raspi3" is not a board \(did you mean "raspi3b"\?\)/,
  },
  {
    name: "an unknown network mode",
    yaml: yamlOnly("machines:\n  web:\n    image: IMAGE\n    network: nat\n"),
    exit: 2,
    says: /rpi\.yml:5:14: machines\.web\.network: "nat" is not a network mode/,
  },
  {
    name: "a port forward in the wrong syntax",
    yaml: yamlOnly("machines:\n  web:\n    image: IMAGE\n    ports: [8080-80]\n"),
    exit: 2,
    says: /rpi\.yml:5:13: machines\.web\.ports\[0\]: must be a port forward/,
  },
  {
    name: "a host port out of range",
    yaml: yamlOnly('machines:\n  web:\n    image: IMAGE\n    ports: ["70000:80"]\n'),
    exit: 2,
    says: /rpi\.yml:5:13: machines\.web\.ports\[0\]: host port 70000 is out of range/,
  },
  {
    name: "the same host port on two machines",
    yaml: yamlOnly(
      'machines:\n  web:\n    image: IMAGE\n    ports: ["8080:80"]\n  api:\n    image: IMAGE\n    ports: ["8080:80"]\n',
    ),
    exit: 2,
    says: /rpi\.yml:8:13: machines\.api\.ports\[0\]: host port 8080 is already used by machines\.web\.ports\[0\]/,
  },
  {
    name: "an ssh port of 0",
    yaml: yamlOnly("machines:\n  web:\n    image: IMAGE\n    ssh: { port: 0 }\n"),
    exit: 2,
    says: /rpi\.yml:5:18: machines\.web\.ssh\.port: must be at least 1/,
  },
  {
    name: "a duration without a unit",
    yaml: yamlOnly(
      "machines:\n  web:\n    image: IMAGE\n    healthcheck: { timeout: 10 minutes }\n",
    ),
    exit: 2,
    says: /rpi\.yml:5:\d+: machines\.web\.healthcheck\.timeout: must be a duration/,
  },
  {
    name: "a console pattern that is not a regular expression",
    yaml: yamlOnly('machines:\n  web:\n    image: IMAGE\n    healthcheck: { console: "login(" }\n'),
    exit: 2,
    says: /rpi\.yml:5:\d+: machines\.web\.healthcheck\.console: not a valid regular expression/,
  },
  {
    name: "a machine without an image",
    yaml: yamlOnly("machines:\n  web:\n    board: virt\n"),
    exit: 2,
    says: /rpi\.yml:3:3: machines\.web: no image/,
  },
  {
    name: "an image that does not exist",
    yaml: yamlOnly("machines:\n  web:\n    image: images/missing.img\n"),
    exit: 2,
    says: /rpi\.yml:4:12: machines\.web\.image: images\/missing\.img .* does not exist/,
  },
  {
    name: "an unset ${VAR} without a default",
    yaml: yamlOnly("machines:\n  web:\n    image: ${RPI_E2E_UNSET_DIR}/pi.img\n"),
    exit: 2,
    says: /rpi\.yml:4:12: machines\.web\.image: variable \$\{RPI_E2E_UNSET_DIR\} is not set/,
  },
  {
    name: "a machine name Docker cannot use",
    yaml: yamlOnly("machines:\n  Web_1:\n    image: IMAGE\n"),
    exit: 2,
    says: /rpi\.yml:3:3: machines\.Web_1: "Web_1" is not a valid machine name/,
  },
  {
    name: "restrict in bridge mode",
    yaml: yamlOnly(
      "machines:\n  web:\n    image: IMAGE\n    network: bridge\n    restrict: true\n",
    ),
    exit: 2,
    says: /rpi\.yml:6:\d+: machines\.web\.restrict: restrict applies to network user only/,
  },
  {
    name: "an SSH health check with SSH disabled",
    yaml: yamlOnly(
      "machines:\n  web:\n    image: IMAGE\n    ssh: { enable: false }\n    healthcheck: { ssh: true }\n",
    ),
    exit: 2,
    says: /rpi\.yml:6:\d+: machines\.web\.healthcheck\.ssh: an SSH health check needs ssh\.enable: true/,
  },
  {
    name: "an authorized_keys file that does not exist",
    yaml: yamlOnly(
      "machines:\n  web:\n    image: IMAGE\n    ssh: { authorized_keys: [/nonexistent/id.pub] }\n",
    ),
    exit: 2,
    says: /rpi\.yml:5:\d+: machines\.web\.ssh\.authorized_keys\[0\]: \/nonexistent\/id\.pub does not exist/,
  },
  {
    name: "a dtb that does not exist",
    yaml: yamlOnly(
      "machines:\n  web:\n    image: IMAGE\n    board: virt\n    dtb: /nonexistent.dtb\n",
    ),
    exit: 2,
    says: /rpi\.yml:6:10: machines\.web\.dtb: \/nonexistent\.dtb does not exist/,
  },

  // ── images (exit 2, the machine or the image's field named) ──
  {
    name: "an image that is a directory",
    yaml: withImage("folder.img"),
    exit: 2,
    says: /rpi\.yml:4:12: machines\.web\.image: .*folder\.img is a directory, not a file/,
  },
  {
    name: "an image of zero bytes",
    yaml: withImage("empty.img"),
    exit: 2,
    says: /web: .*empty\.img is empty \(0 bytes\)/,
  },
  {
    name: "an image with no partition table",
    yaml: withImage("zeros.img"),
    exit: 2,
    says: /web: .*zeros\.img has no partition table/,
  },
  {
    name: "an image of random bytes",
    yaml: withImage("random.img"),
    exit: 2,
    says: /web: .*random\.img has no partition table/,
  },
  {
    name: "a truncated image (its root partition runs past the end)",
    yaml: withImage("truncated.img"),
    exit: 2,
    says: /web: .*truncated\.img/,
  },
  {
    name: "a GPT image without a FAT partition",
    yaml: withImage("gpt-linux.img"),
    exit: 2,
    says: /web: .*gpt-linux\.img has no FAT boot partition/,
  },
  {
    name: "an MBR image without a FAT partition",
    yaml: withImage("no-fat.img"),
    exit: 2,
    says: /web: .*no-fat\.img has no FAT boot partition/,
  },
  {
    name: "an image without a Linux root partition",
    yaml: withImage("no-root.img"),
    exit: 2,
    says: /web: .*no-root\.img has no Linux root partition/,
  },
  {
    name: "a single FAT filesystem instead of a whole SD card",
    yaml: withImage("lone-fat.img"),
    exit: 2,
    says: /web: .*lone-fat\.img is a single FAT filesystem/,
  },
  {
    name: "a partition table whose partitions hold no filesystems",
    yaml: withImage("unformatted.img"),
    exit: 2,
    says: /web: .*unformatted\.img/,
  },
  {
    name: "a .img.gz that is not gzip",
    yaml: withImage("broken.img.gz"),
    exit: 2,
    says: /web: .*broken\.img\.gz/,
  },
  {
    name: "a .zip that is not a zip",
    yaml: withImage("broken.zip"),
    exit: 2,
    says: /web: .*broken\.zip/,
  },
  {
    name: "a text file as image",
    yaml: withImage("notes.txt"),
    exit: 2,
    says: /web: .*notes\.txt has no partition table/,
  },

  // ── kernels (exit 2, machines.web.kernel named before anything starts) ──
  {
    name: "an x86 kernel for virt",
    yaml: withKernel("bzImage"),
    exit: 2,
    says: /machines\.web\.kernel: .*bzImage is not an ARM Linux kernel \(an x86 kernel \(bzImage\)\)/,
  },
  {
    name: "an ELF program (this host's ls) as kernel",
    yaml: withKernel("x86-elf"),
    exit: 2,
    says: /machines\.web\.kernel: .*x86-elf is not an ARM Linux kernel \(an ELF file for [\w-]+/,
  },
  {
    name: "random bytes as kernel",
    yaml: withKernel("random.kernel"),
    exit: 2,
    says: /machines\.web\.kernel: .*random\.kernel is not an ARM Linux kernel \(neither an arm64 Image nor an arm zImage\)/,
  },
  {
    name: "an empty kernel",
    yaml: withKernel("empty.kernel"),
    exit: 2,
    says: /machines\.web\.kernel: .*empty\.kernel is not an ARM Linux kernel \(the file is empty\)/,
  },
  {
    name: "a gzip-compressed arm64 Image",
    yaml: withKernel("Image.gz"),
    exit: 2,
    says: /machines\.web\.kernel: .*Image\.gz is gzip-compressed/,
  },
  {
    name: "an arm64 kernel with no board (versatilepb runs 32-bit kernels)",
    yaml: withKernel("Image", ""),
    exit: 2,
    says: /machines\.web\.kernel: .*Image is an arm64 kernel; board versatilepb runs 32-bit ARM kernels only/,
  },
  {
    name: "an arm64 kernel on raspi2b",
    yaml: withKernel("Image", "    board: raspi2b\n"),
    exit: 2,
    says: /machines\.web\.kernel: .*Image is an arm64 kernel; board raspi2b/,
  },
  {
    name: "a kernel that is a directory",
    yaml: withKernel("folder.img"),
    exit: 2,
    says: /rpi\.yml:6:13: machines\.web\.kernel: .*folder\.img is a directory/,
  },

  // ── environments (exit 1) and command lines (exit 2) ──
  {
    name: "no Docker engine at DOCKER_HOST with --runtime docker",
    yaml: (name, fx) => virt(name, fx.image),
    args: ["--runtime", "docker"],
    env: () => ({ DOCKER_HOST: "unix:///nonexistent.sock" }),
    exit: 1,
    says: /no Docker engine answers at unix:\/\/\/nonexistent\.sock/,
  },
  {
    name: "a DOCKER_HOST where nothing listens",
    yaml: (name, fx) => virt(name, fx.image),
    args: ["--runtime", "docker"],
    env: () => ({ DOCKER_HOST: "tcp://127.0.0.1:1" }),
    exit: 1,
    says: /no Docker engine answers at tcp:\/\/127\.0\.0\.1:1/,
  },
  {
    name: "no QEMU on the host with --runtime local",
    yaml: (name, fx) => virt(name, fx.image),
    args: ["--runtime", "local"],
    env: (fx) => ({ PATH: fx.pathWithoutQemu }),
    exit: 1,
    says: /web: qemu-system-\w+ was not found/,
  },
  {
    name: "neither Docker nor QEMU (auto falls back to local, then stops)",
    yaml: (name, fx) => virt(name, fx.image),
    env: (fx) => ({ DOCKER_HOST: "unix:///nonexistent.sock", PATH: fx.pathWithoutQemu }),
    exit: 1,
    says: /web: qemu-system-\w+ was not found/,
  },
  {
    name: "an ssh.port another program listens on",
    yaml: (name, fx) => virt(name, fx.image, `    ssh: { port: ${fx.busyTcp} }\n`),
    exit: 1,
    says: /machines\.web\.ssh\.port: 127\.0\.0\.1:\d+ is already in use by another program/,
  },
  {
    name: "a forwarded TCP port another program listens on",
    yaml: (name, fx) => virt(name, fx.image, `    ports: ["127.0.0.1:${fx.busyTcp}:80"]\n`),
    exit: 1,
    says: /machines\.web\.ports\[0\]: 127\.0\.0\.1:\d+ is already in use by another program/,
  },
  {
    name: "a forwarded UDP port another program holds",
    yaml: (name, fx) => virt(name, fx.image, `    ports: ["127.0.0.1:${fx.busyUdp}:53/udp"]\n`),
    exit: 1,
    says: /machines\.web\.ports\[0\]: 127\.0\.0\.1:\d+\/udp is already in use by another program/,
  },
  {
    name: "a forward on an address this host does not have",
    yaml: (name, fx) => virt(name, fx.image, '    ports: ["192.0.2.1:8080:80"]\n'),
    exit: 1,
    says: /machines\.web\.ports\[0\]: 192\.0\.2\.1:8080 cannot be bound: this host has no such address/,
  },
  {
    name: "a busy ssh.port with --runtime local",
    yaml: (name, fx) => virt(name, fx.image, `    ssh: { port: ${fx.busyTcp} }\n`),
    args: ["--runtime", "local"],
    exit: 1,
    says: /machines\.web\.ssh\.port: 127\.0\.0\.1:\d+ is already in use/,
  },
  {
    name: "a machine name not in the file",
    yaml: (name, fx) => virt(name, fx.image),
    args: ["up", "wbe"],
    exit: 2,
    says: /no machine "wbe" in .*rpi\.yml \(did you mean "web"\?\)/,
  },
  {
    name: "a --timeout that is not a duration",
    yaml: (name, fx) => virt(name, fx.image),
    args: ["up", "--timeout", "soon"],
    exit: 2,
    says: /--timeout soon: not a duration/,
  },
  {
    name: "an unknown --runtime",
    yaml: (name, fx) => virt(name, fx.image),
    args: ["--runtime", "podman"],
    exit: 2,
    says: /unknown runtime "podman"/,
  },
  {
    name: "-f naming a file that does not exist",
    yaml: (name, fx) => virt(name, fx.image),
    args: ["-f", "nope.yml"],
    exit: 2,
    says: /nope\.yml/,
  },
];

describe("reliability: bad input through `rpi up` gets a clear error and changes nothing", function () {
  this.timeout(600_000);
  const docker = new Docker();
  const fx = {} as Fixtures;
  let tcp: Server;
  let udp: UdpSocket;

  before(async () => {
    fx.dir = await mkdtemp(join(tmpdir(), "rpi-bad-input-"));
    // A copy, so a rebuild of the test image elsewhere can't pull it away mid-run.
    fx.image = join(fx.dir, "pi.img");
    await execa("cp", ["--sparse=always", await testImage(), fx.image]);
    await makeBrokenFiles(fx.dir, fx.image);
    tcp = createServer();
    await new Promise<void>((resolve) => tcp.listen({ host: "127.0.0.1", port: 0 }, resolve));
    fx.busyTcp = (tcp.address() as { port: number }).port;
    udp = createSocket("udp4");
    await new Promise<void>((resolve) => udp.bind({ address: "127.0.0.1", port: 0 }, resolve));
    fx.busyUdp = udp.address().port;
    const bin = join(fx.dir, "bin-without-qemu");
    await mkdir(bin);
    await symlink(process.execPath, join(bin, "node"));
    const keygen = (await execa("sh", ["-c", "command -v ssh-keygen"])).stdout.trim();
    await symlink(keygen, join(bin, "ssh-keygen"));
    fx.pathWithoutQemu = bin;
  });

  after(async () => {
    tcp?.close();
    udp?.close();
    if (fx.dir) await rm(fx.dir, { recursive: true, force: true });
  });

  it(`has a corpus of at least 40 cases (${CASES.length})`, () => {
    assert.ok(CASES.length >= 40);
  });

  for (const bad of CASES) {
    it(`${bad.name}: exit ${bad.exit}, says where and what to do, creates nothing`, async () => {
      const project = await tempProject((name) => bad.yaml(name, fx));
      const args = bad.args ?? [];
      const argv = args.includes("up") ? args : [...args, "up"];
      const result = await rpi(project.dir, argv, bad.env?.(fx) ?? {});
      const output = `--- exit ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
      assert.equal(result.exitCode, bad.exit, output);
      assert.match(result.stderr, bad.says, output);
      assert.match(result.stderr, /^hint: \S/m, output);
      assert.doesNotMatch(result.stderr, /internal error/, output);
      await assertNothingCreated(docker, project);
      await rm(project.dir, { recursive: true, force: true });
    });
  }
});

/** No container or network of the project, no machine disk under .rpi/, no runtime recorded. */
async function assertNothingCreated(
  docker: Docker,
  project: { dir: string; name: string },
): Promise<void> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`io.rpi.project=${project.name}`] },
  });
  assert.deepEqual(
    containers.map((c) => c.Names),
    [],
    "a container of the project was created",
  );
  const networks = (await docker.listNetworks()).filter((n) => n.Name.startsWith(project.name));
  assert.deepEqual(
    networks.map((n) => n.Name),
    [],
    "a network of the project was created",
  );
  const machines = join(project.dir, ".rpi", "machines");
  const disks = await readdir(machines, { recursive: true }).catch(() => [] as string[]);
  assert.deepEqual(
    disks.filter((file) => file.endsWith(".qcow2")),
    [],
    "an overlay was created",
  );
  assert.equal(
    existsSync(join(project.dir, ".rpi", "runtime")),
    false,
    "the project's runtime was recorded though nothing of it runs",
  );
}

/** The broken images and kernels the corpus names, made once from the test image. */
async function makeBrokenFiles(dir: string, image: string): Promise<void> {
  const at = (name: string) => join(dir, name);
  const MiB = 1024 * 1024;
  const sfdisk = (file: string, script: string) => execa("sfdisk", ["-q", file], { input: script });
  await mkdir(at("folder.img"));
  await writeFile(at("empty.img"), "");
  await writeFile(at("zeros.img"), Buffer.alloc(MiB));
  await writeFile(at("random.img"), randomBytes(4 * MiB));
  await execa("dd", [
    `if=${image}`,
    `of=${at("truncated.img")}`,
    "bs=1M",
    "count=40",
    "status=none",
  ]);
  await truncate(await touch(at("gpt-linux.img")), 16 * MiB);
  await sfdisk(at("gpt-linux.img"), "label: gpt\n,,L\n");
  await execa("cp", ["--sparse=always", image, at("no-fat.img")]);
  await execa("sfdisk", ["-q", "--part-type", at("no-fat.img"), "1", "83"]);
  await execa("cp", ["--sparse=always", image, at("no-root.img")]);
  await execa("sfdisk", ["-q", "--part-type", at("no-root.img"), "2", "c"]);
  await truncate(await touch(at("lone-fat.img")), 8 * MiB);
  await execa("mkfs.vfat", ["-F", "32", at("lone-fat.img")]);
  await truncate(await touch(at("unformatted.img")), 64 * MiB);
  await sfdisk(
    at("unformatted.img"),
    "label: dos\nstart=8192, size=65536, type=c\nstart=73728, type=83\n",
  );
  await writeFile(at("broken.img.gz"), randomBytes(MiB));
  await writeFile(at("broken.zip"), "PK\x03\x04 this is not really a zip archive");
  await writeFile(at("notes.txt"), "just some notes, not an SD card\n".repeat(100));
  // Kernels: an x86 bzImage's header ("HdrS" at 0x202), an x86-64 program, noise, nothing, a gzip.
  const bz = randomBytes(MiB);
  bz.write("HdrS", 0x202, "latin1");
  await writeFile(at("bzImage"), bz);
  await copyFile((await execa("sh", ["-c", "command -v ls"])).stdout.trim(), at("x86-elf"));
  await writeFile(at("random.kernel"), randomBytes(MiB));
  await writeFile(at("empty.kernel"), "");
  const arm64 = randomBytes(MiB);
  arm64.fill(0, 0x20, 0x40);
  arm64.write("ARM\x64", 0x38, "latin1");
  await writeFile(at("Image"), arm64);
  await writeFile(at("Image.gz"), gzipSync(arm64));
}

async function touch(path: string): Promise<string> {
  await writeFile(path, "");
  return path;
}

/** Deterministic noise (no MBR signature by construction at 510). */
function randomBytes(size: number): Buffer {
  const buffer = Buffer.alloc(size);
  let state = 0x12345678;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    buffer[i] = state >>> 24;
  }
  buffer[510] = 0;
  return buffer;
}
