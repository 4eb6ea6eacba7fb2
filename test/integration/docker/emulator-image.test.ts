import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import Dockerode from "dockerode";
import { execa } from "execa";
import {
  DEFAULT_BASE_IMAGE,
  emulatorImageTag,
  ensureEmulatorImage,
} from "../../../src/runtime/emulator-image.js";
import {
  TEST_LABELS,
  containerLogs,
  execIn,
  removeTestResources,
  runToEnd,
  waitFor,
} from "./containers.js";

const docker = new Dockerode();
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const idleQemu = [
  "qemu-system-aarch64",
  "-M",
  "virt",
  "-cpu",
  "cortex-a53",
  "-m",
  "64",
  "-nographic",
  "-nic",
  "none",
  "-monitor",
  "unix:/run/rpi/monitor.sock,server,nowait",
];

describe("emulator image (real Docker engine)", function () {
  this.timeout(10 * 60_000);
  let tag = "";

  before(async function () {
    await removeTestResources(docker);
    // No registry here: the base comes from Debian packages when missing (idempotent otherwise).
    await execa("bash", [path.join(repoRoot, "docker/make-base.sh"), DEFAULT_BASE_IMAGE], {
      stdio: "inherit",
    });
  });

  after(async function () {
    await removeTestResources(docker);
  });

  it("builds the image when missing (or finds it) and a second call is a no-op under 100 ms", async function () {
    const lines: string[] = [];
    const first = await ensureEmulatorImage(docker, { onLine: (line) => lines.push(line) });
    assert.match(first.tag, /^rpi-emulator:[0-9a-f]{12}$/);
    assert.equal(first.tag, emulatorImageTag());
    if (first.built)
      assert.ok(
        lines.some((line) => line.includes("Successfully")),
        lines.join("\n"),
      );
    tag = first.tag;

    const started = performance.now();
    const second = await ensureEmulatorImage(docker);
    const elapsed = performance.now() - started;
    assert.deepEqual(second, { tag, built: false });
    assert.ok(elapsed <= 100, `second call took ${elapsed.toFixed(0)} ms`);
  });

  it("names a new tag when any file of the docker folder changes", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "rpi-docker-dir-"));
    try {
      mkdirSync(path.join(dir, "sub"));
      writeFileSync(path.join(dir, "Dockerfile"), "FROM scratch\n");
      writeFileSync(path.join(dir, "sub", "x.sh"), "echo 1\n");
      const before = emulatorImageTag(dir);
      assert.equal(emulatorImageTag(dir), before);
      writeFileSync(path.join(dir, "sub", "x.sh"), "echo 2\n");
      assert.notEqual(emulatorImageTag(dir), before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a missing base image with the make-base.sh hint", async function () {
    const dir = mkdtempSync(path.join(tmpdir(), "rpi-docker-dir-"));
    try {
      writeFileSync(path.join(dir, "Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN true\n");
      await assert.rejects(
        ensureEmulatorImage(docker, { dockerDir: dir, baseImage: "rpi-test-absent-base:none" }),
        (error: Error & { hint?: string }) => {
          assert.equal(error.name, "RuntimeError");
          assert.match(
            error.message,
            /building the emulator image rpi-emulator:[0-9a-f]{12} failed/,
          );
          assert.match(error.hint ?? "", /make-base\.sh rpi-test-absent-base:none/);
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("has QEMU for arm and aarch64, qemu-img, mtools that read a FAT image, debugfs and tini", async function () {
    const script = [
      "set -e",
      "for tool in qemu-system-aarch64 qemu-system-arm qemu-img mdir mcopy mformat debugfs sfdisk tini socat ip; do command -v $tool; done",
      "busybox udhcpd --help 2>&1 | head -1",
      "truncate -s 8M /tmp/boot.img && mformat -i /tmp/boot.img -F ::",
      "echo hello > /tmp/cmdline.txt && mcopy -i /tmp/boot.img /tmp/cmdline.txt ::",
      "mdir -i /tmp/boot.img ::",
      "qemu-system-aarch64 -M help | grep -c raspi3b",
    ].join("\n");
    const result = await runToEnd(docker, {
      Image: tag,
      Entrypoint: ["/bin/bash", "-c"],
      Cmd: [script],
    });
    assert.equal(result.exitCode, 0, result.output);
    for (const tool of ["qemu-system-aarch64", "qemu-img", "mdir", "debugfs", "tini"]) {
      assert.match(result.output, new RegExp(`/${tool}\\b`), result.output);
    }
    assert.match(result.output, /cmdline\s+txt/i);
    assert.doesNotMatch(result.output, /codepage/);
  });

  it("exits with QEMU's own exit code", async function () {
    const result = await runToEnd(docker, {
      Image: tag,
      Cmd: ["qemu-system-aarch64", "-M", "no-such-board"],
    });
    assert.equal(result.exitCode, 1, result.output);
    assert.match(result.output, /rpi-entrypoint: QEMU exited with status 1/);
  });

  it("runs a Cmd that is not QEMU as it is (the old COMMAND override)", async function () {
    const result = await runToEnd(docker, {
      Image: tag,
      Cmd: ["/bin/sh", "-c", "echo override; exit 7"],
    });
    assert.equal(result.exitCode, 7);
    assert.equal(result.output.trim(), "override");
  });

  it("on docker stop sends system_powerdown through the monitor, waits RPI_STOP_GRACE, then stops QEMU", async function () {
    const container = await docker.createContainer({
      Image: tag,
      Cmd: idleQemu,
      Env: ["RPI_STOP_GRACE=2"],
      Labels: { ...TEST_LABELS },
    });
    await container.start();
    await waitFor(
      "the QEMU monitor socket",
      async () => (await execIn(container, ["test", "-S", "/run/rpi/monitor.sock"])).exitCode === 0,
      20_000,
    );
    const started = performance.now();
    await container.stop({ t: 30 });
    const seconds = (performance.now() - started) / 1000;
    const state = (await container.inspect()).State;
    const logs = await containerLogs(container);
    await container.remove({ force: true });

    // An idle machine ignores the powerdown: the grace (2 s) then `quit` end it, long before docker's 30 s.
    assert.ok(seconds >= 2 && seconds < 12, `stop took ${seconds.toFixed(1)} s\n${logs}`);
    assert.equal(state.ExitCode, 0, logs);
    assert.match(
      logs,
      /SIGTERM: sent system_powerdown to the guest via \/run\/rpi\/monitor\.sock; waiting up to 2s/,
    );
    assert.match(logs, /guest still running after 2s: stopping QEMU/);
    assert.match(logs, /QEMU exited with status 0/);
  });

  it("on docker stop ends as soon as the guest powers off, with QEMU's exit code", async function () {
    // A stand-in QEMU that reads its monitor socket and "powers off" (exit 3) on system_powerdown.
    const fakeQemu = [
      "#!/bin/bash",
      "echo 'fake guest: running'",
      "socat -u UNIX-LISTEN:/run/rpi/monitor.sock,unlink-early - | while read -r line; do",
      '  echo "fake guest: monitor got $line"',
      '  [ "$line" = system_powerdown ] && exit 3',
      "done",
    ].join("\n");
    const container = await docker.createContainer({
      Image: tag,
      Entrypoint: [
        "/usr/bin/tini",
        "--",
        "/bin/bash",
        "-c",
        `printf '%s\\n' "$0" > /usr/local/bin/qemu-system-fake && chmod +x /usr/local/bin/qemu-system-fake && exec rpi-entrypoint qemu-system-fake`,
        fakeQemu,
      ],
      Labels: { ...TEST_LABELS },
    });
    await container.start();
    await waitFor(
      "the fake QEMU's monitor socket",
      async () => (await execIn(container, ["test", "-S", "/run/rpi/monitor.sock"])).exitCode === 0,
      20_000,
    );
    const started = performance.now();
    await container.stop({ t: 30 });
    const seconds = (performance.now() - started) / 1000;
    const state = (await container.inspect()).State;
    const logs = await containerLogs(container);
    await container.remove({ force: true });

    assert.ok(seconds < 5, `stop took ${seconds.toFixed(1)} s (default grace is 20 s)\n${logs}`);
    assert.equal(state.ExitCode, 3, logs);
    assert.match(logs, /fake guest: monitor got system_powerdown/);
    assert.match(logs, /QEMU exited with status 3/);
    assert.doesNotMatch(logs, /still running/);
  });

  it("in bridge mode hands eth0's address to br0's DHCP lease and relays Docker's DNS to the guest side", async function () {
    const network = await docker.createNetwork({
      Name: `rpi-test-bridge-${process.pid}`,
      Labels: { ...TEST_LABELS },
    });
    const name = `rpi-test-bridged-${process.pid}`;
    const container = await docker.createContainer({
      Image: tag,
      name,
      Cmd: ["sleep", "300"],
      Env: ["RPI_NETWORK=bridge"],
      Labels: { ...TEST_LABELS },
      HostConfig: {
        NetworkMode: network.id,
        CapAdd: ["NET_ADMIN"],
        Devices: [
          { PathOnHost: "/dev/net/tun", PathInContainer: "/dev/net/tun", CgroupPermissions: "rwm" },
        ],
      },
    });
    await container.start();
    const networks = (await container.inspect()).NetworkSettings.Networks;
    const address = Object.values(networks)[0].IPAddress;
    await waitFor(
      "the bridge setup",
      async () => /DNS relay/.test(await containerLogs(container)),
      20_000,
    );

    const eth0 = await execIn(container, ["ip", "-4", "-o", "addr", "show", "dev", "eth0"]);
    assert.equal(eth0.output.trim(), "", "eth0 keeps no IPv4 address");
    const ports = await execIn(container, ["ip", "-o", "link", "show", "master", "br0"]);
    assert.match(ports.output, /\btap0\b/);
    assert.match(ports.output, /\beth0@/);
    const udp = await execIn(container, ["cat", "/proc/net/udp"]);
    assert.match(udp.output, /:0043 /, "udhcpd listens on port 67");

    // Stand-in for the guest: a DHCP client on the same network gets the container's own address,
    // then resolves the bridged container's name through the relay.
    const client = await runToEnd(docker, {
      Image: tag,
      Entrypoint: ["/bin/bash", "-c"],
      Cmd: [
        [
          `printf '#!/bin/sh\\n[ "$1" = bound ] && echo "lease ip=$ip subnet=$subnet router=$router dns=$dns"\\nexit 0\\n' > /tmp/s`,
          "chmod +x /tmp/s",
          "busybox udhcpc -i eth0 -n -q -f -t 3 -T 2 -s /tmp/s",
          "ip route add 169.254.53.53/32 dev eth0",
          `busybox nslookup ${name} 169.254.53.53`,
        ].join("\n"),
      ],
      HostConfig: { NetworkMode: network.id, CapAdd: ["NET_ADMIN"] },
    });
    await container.remove({ force: true });
    await network.remove();

    assert.equal(client.exitCode, 0, client.output);
    assert.match(
      client.output,
      new RegExp(
        `lease ip=${address.replaceAll(".", "\\.")} subnet=255\\.255\\.\\d+\\.\\d+ router=\\S+ dns=169\\.254\\.53\\.53`,
      ),
    );
    assert.match(
      client.output,
      new RegExp(`Name:\\s+${name}\\s+Address:\\s+${address.replaceAll(".", "\\.")}`),
    );
  });
});
