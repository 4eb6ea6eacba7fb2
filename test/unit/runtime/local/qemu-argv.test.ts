import { strict as assert } from "node:assert";
import {
  bindHostForwards,
  bindVnc,
  monitorSocketFor,
  monitorSocketPath,
  withSupervision,
} from "../../../../src/runtime/local/qemu-argv.js";
import type { PublishedPort } from "../../../../src/runtime/runtime.js";

const files = {
  qemuPid: "/p/.rpi/machines/web/qemu.pid",
  monitor: "/p/.rpi/machines/web/monitor.sock",
};

describe("local runtime: QEMU argv", () => {
  it("finds the monitor socket path in -monitor unix:…", () => {
    assert.equal(
      monitorSocketPath([
        "qemu-system-aarch64",
        "-monitor",
        "unix:/tmp/x/monitor.sock,server,nowait",
      ]),
      "/tmp/x/monitor.sock",
    );
    assert.equal(monitorSocketPath(["qemu-system-aarch64", "-monitor", "stdio"]), undefined);
    assert.equal(monitorSocketPath(["sh", "-c", "sleep 1"]), undefined);
  });

  it("adds -pidfile and a monitor socket to a QEMU argv that has neither", () => {
    assert.deepEqual(withSupervision(["qemu-system-arm", "-M", "raspi2b"], files), [
      "qemu-system-arm",
      "-M",
      "raspi2b",
      "-pidfile",
      files.qemuPid,
      "-monitor",
      `unix:${files.monitor},server,nowait`,
    ]);
  });

  it("keeps the -pidfile and -monitor the argv already names", () => {
    const argv = [
      "qemu-system-arm",
      "-pidfile",
      "/x.pid",
      "-monitor",
      "unix:/m.sock,server,nowait",
    ];
    assert.deepEqual(withSupervision(argv, files), argv);
  });

  it("leaves out a monitor socket path longer than a unix socket allows", () => {
    const long = { qemuPid: "/q.pid", monitor: `/${"d".repeat(120)}/monitor.sock` };
    assert.deepEqual(withSupervision(["qemu-system-arm"], long), [
      "qemu-system-arm",
      "-pidfile",
      "/q.pid",
    ]);
  });

  it("keeps the monitor socket beside the machine's state when the path fits a unix socket", () => {
    assert.equal(monitorSocketFor(files.monitor, "/run/user/1000"), files.monitor);
  });

  it("moves the monitor socket of a deep project to the runtime dir, named by a hash of its path", () => {
    const deep = `/${"d".repeat(120)}/.rpi/machines/web/monitor.sock`;
    const moved = monitorSocketFor(deep, "/run/user/1000");
    assert.match(moved, /^\/run\/user\/1000\/rpi-monitor-[0-9a-f]{16}\.sock$/);
    assert.equal(monitorSocketFor(deep, "/run/user/1000"), moved);
    assert.notEqual(monitorSocketFor(deep.replace("web", "db"), "/run/user/1000"), moved);
  });

  it("adds nothing to a command that is not QEMU", () => {
    assert.deepEqual(withSupervision(["sh", "-c", "sleep 1"], files), ["sh", "-c", "sleep 1"]);
  });

  it("binds forwards without an address to loopback, or to the address the user named", () => {
    const published: PublishedPort[] = [
      { hostIp: "127.0.0.1", hostPort: 0, guestPort: 22, protocol: "tcp" },
      { hostIp: "0.0.0.0", hostPort: 8080, guestPort: 80, protocol: "tcp" },
    ];
    const { argv, ports } = bindHostForwards(
      [
        "qemu-system-aarch64",
        "-netdev",
        "user,id=net0,hostfwd=tcp::40022-:22,hostfwd=tcp::8080-:80,hostfwd=udp::5353-:53",
      ],
      published,
    );
    assert.deepEqual(argv, [
      "qemu-system-aarch64",
      "-netdev",
      "user,id=net0,hostfwd=tcp:127.0.0.1:40022-:22,hostfwd=tcp:0.0.0.0:8080-:80,hostfwd=udp:127.0.0.1:5353-:53",
    ]);
    assert.deepEqual(ports, [
      { hostIp: "127.0.0.1", hostPort: 40022, guestPort: 22, protocol: "tcp" },
      { hostIp: "0.0.0.0", hostPort: 8080, guestPort: 80, protocol: "tcp" },
      { hostIp: "127.0.0.1", hostPort: 5353, guestPort: 53, protocol: "udp" },
    ]);
  });

  it("keeps a forward's address that the argv already names", () => {
    const { argv } = bindHostForwards(["-nic", "user,hostfwd=tcp:10.1.2.3:2222-:22"], []);
    assert.deepEqual(argv, ["-nic", "user,hostfwd=tcp:10.1.2.3:2222-:22"]);
  });

  it("binds the board's `-vnc :0` to 127.0.0.1 and the free display, keeping its options", () => {
    assert.deepEqual(bindVnc(["-display", "none", "-vnc", ":0", "-m", "256"], 3), [
      "-display",
      "none",
      "-vnc",
      "127.0.0.1:3",
      "-m",
      "256",
    ]);
    assert.deepEqual(bindVnc(["-vnc", ":0,websocket=on"], 12), [
      "-vnc",
      "127.0.0.1:12,websocket=on",
    ]);
  });

  it("keeps a `-vnc` that names its address (the user's graphics:), and argvs without one", () => {
    assert.deepEqual(bindVnc(["-vnc", "0.0.0.0:5"], 0), ["-vnc", "0.0.0.0:5"]);
    assert.deepEqual(bindVnc(["-m", "256", ":0"], 0), ["-m", "256", ":0"]);
  });
});
