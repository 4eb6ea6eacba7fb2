import { strict as assert } from "node:assert";
import { machineArgv, publishedPorts } from "../../../src/execute/boot-spec.js";
import { machineConfig } from "../../support/machine-config.js";

const files = { kernel: "/c/boot/kernel8.img", initrd: "/c/boot/initramfs8" };

describe("machineArgv: a machine's QEMU command line from its config and prepared disk", () => {
  it("boots virt aarch64 with the overlay, the hostname on the kernel command line and rpi's monitor", () => {
    const machine = machineConfig("web", { memory: 512, restrict: true });
    const argv = machineArgv({
      project: "lab",
      machine,
      board: "virt",
      arch: "aarch64",
      files,
      cmdlineTxt: "console=serial0,115200 root=PARTUUID=abcd1234-02 rootfstype=ext4 rootwait",
      overlay: "/p/.rpi/machines/web/disk.qcow2",
      forwards: [{ address: "127.0.0.1", port: 22, guestPort: 22, protocol: "tcp" }],
      monitor: "/run/rpi/monitor.sock",
    });
    const joined = argv.join(" ");
    assert.equal(argv[0], "qemu-system-aarch64");
    assert.match(joined, /-M virt -cpu cortex-a53/);
    assert.match(joined, /-m 512/);
    assert.match(joined, /-kernel \/c\/boot\/kernel8\.img -initrd \/c\/boot\/initramfs8/);
    const append = argv[argv.indexOf("-append") + 1];
    assert.match(append, /^root=\/dev\/vda2 /);
    assert.match(append, /console=ttyAMA0/);
    assert.match(append, /systemd\.hostname=web/);
    assert.doesNotMatch(append, /PARTUUID|serial0/);
    assert.match(joined, /file=\/p\/\.rpi\/machines\/web\/disk\.qcow2/);
    assert.match(joined, /-netdev user,id=net0,restrict=on,hostfwd=tcp:127\.0\.0\.1:22-:22/);
    assert.match(joined, /-monitor unix:\/run\/rpi\/monitor\.sock,server=on,wait=off/);
  });

  it("takes the board's default memory when the machine sets none, and appends the machine's qemu args last", () => {
    const machine = machineConfig("db", {
      memory: undefined,
      board: "raspi3b",
      qemu: ["-d", "guest_errors"],
    });
    const argv = machineArgv({
      project: "lab",
      machine,
      board: "raspi3b",
      files: { ...files, dtb: "/c/boot/bcm2837-rpi-3-b.dtb" },
      overlay: "/p/disk.qcow2",
      forwards: [],
      monitor: "/m.sock",
    });
    assert.equal(argv[argv.indexOf("-m") + 1], "1024");
    assert.deepEqual(argv.slice(-2), ["-d", "guest_errors"]);
  });

  it("gives each machine of a project its own stable MAC", () => {
    const args = (name: string) =>
      machineArgv({
        project: "lab",
        machine: machineConfig(name),
        board: "virt",
        arch: "aarch64",
        files,
        overlay: "/d",
        forwards: [],
        monitor: "/m",
      }).join(" ");
    const mac = (text: string) => /mac=([0-9a-f:]{17})/.exec(text)?.[1];
    assert.equal(mac(args("web")), mac(args("web")));
    assert.notEqual(mac(args("web")), mac(args("db")));
  });
});

describe("publishedPorts", () => {
  it("publishes SSH first (a free 127.0.0.1 port unless ssh.port is set), then the machine's ports", () => {
    const machine = machineConfig("web", {
      ports: [{ hostIp: "127.0.0.1", hostPort: 8080, guestPort: 80, protocol: "tcp" }],
    });
    assert.deepEqual(publishedPorts(machine), [
      { hostIp: "127.0.0.1", hostPort: 0, guestPort: 22, protocol: "tcp" },
      { hostIp: "127.0.0.1", hostPort: 8080, guestPort: 80, protocol: "tcp" },
    ]);
    const fixed = machineConfig("web", {
      ssh: { enable: true, port: 2222, user: "pi", authorizedKeys: [] },
    });
    assert.equal(publishedPorts(fixed)[0].hostPort, 2222);
    const off = machineConfig("web", { ssh: { enable: false, user: "pi", authorizedKeys: [] } });
    assert.deepEqual(publishedPorts(off), []);
  });
});
