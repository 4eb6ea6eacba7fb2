import { deepStrictEqual, equal } from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errorLines, loadConfig, makeProject } from "./fixture.js";

describe("rpi.yml resolution", () => {
  it("accepts the smallest file (one machine with an image) and fills every default", async () => {
    const dir = makeProject("machines:\n  web:\n    image: images/pi.img\n");
    const config = await loadConfig(dir);
    deepStrictEqual(config, {
      name: "proj",
      file: join(dir, "rpi.yml"),
      dir,
      internal: false,
      machines: [
        {
          name: "web",
          image: join(dir, "images/pi.img"),
          kernel: undefined,
          dtb: undefined,
          initrd: undefined,
          board: undefined,
          memory: undefined,
          cpus: undefined,
          graphics: undefined,
          display: "none",
          command: undefined,
          network: "user",
          ports: [],
          ssh: {
            enable: true,
            port: undefined,
            user: "pi",
            password: undefined,
            authorizedKeys: [],
          },
          hostname: "web",
          cmdline: undefined,
          qemu: [],
          disk: { sizeBytes: undefined, persist: false },
          healthcheck: { ssh: true, console: undefined, timeoutMs: 300_000 },
          restrict: false,
        },
      ],
    });
  });

  it("merges defaults under each machine, field by field for ssh, disk and healthcheck", async () => {
    const dir = makeProject(
      [
        "defaults:",
        "  image: images/pi.img",
        "  memory: 256",
        "  ports: ['8080:80']",
        "  ssh: { user: admin, password: secret }",
        "  healthcheck: { timeout: 90s }",
        "  disk: { size: 4G }",
        "machines:",
        "  a:",
        "    ssh: { port: 2201 }",
        "    disk: { persist: true }",
        "  b:",
        "    memory: 128",
        "    ports: ['8081:80']",
        "    ssh: { user: pi }",
        "    healthcheck: { console: 'login:' }",
        "",
      ].join("\n"),
    );
    const [a, b] = (await loadConfig(dir)).machines;
    equal(a.image, join(dir, "images/pi.img"));
    equal(a.memory, 256);
    deepStrictEqual(a.ports, [
      { hostIp: "127.0.0.1", hostPort: 8080, guestPort: 80, protocol: "tcp" },
    ]);
    deepStrictEqual([a.ssh.user, a.ssh.password, a.ssh.port], ["admin", "secret", 2201]);
    deepStrictEqual(a.disk, { sizeBytes: 4 * 1024 ** 3, persist: true });
    equal(a.healthcheck.timeoutMs, 90_000);
    equal(b.memory, 128);
    deepStrictEqual(
      b.ports.map((p) => p.hostPort),
      [8081],
    );
    deepStrictEqual([b.ssh.user, b.ssh.password], ["pi", "secret"]);
    deepStrictEqual(b.healthcheck, { ssh: true, console: "login:", timeoutMs: 90_000 });
  });

  it("resolves relative paths against the file's folder, ~ against HOME, and keeps absolute paths", async () => {
    const dir = makeProject("");
    mkdirSync(join(dir, "home/.ssh"), { recursive: true });
    writeFileSync(join(dir, "home/.ssh/id_ed25519.pub"), "ssh-ed25519 AAAA test\n");
    writeFileSync(
      join(dir, "rpi.yml"),
      [
        "machines:",
        "  web:",
        "    image: ./images/../images/pi.img",
        `    kernel: ${join(dir, "images/kernel")}`,
        "    dtb: images/board.dtb",
        "    initrd: images/initrd",
        "    ssh:",
        "      authorized_keys: [~/.ssh/id_ed25519.pub, keys/id.pub]",
        "",
      ].join("\n"),
    );
    // Loaded from a sub-folder: paths still resolve against rpi.yml's folder.
    mkdirSync(join(dir, "sub"));
    const [web] = (await loadConfig(dir, {}, { cwd: join(dir, "sub") })).machines;
    deepStrictEqual(
      [web.image, web.kernel, web.dtb, web.initrd, ...web.ssh.authorizedKeys],
      [
        join(dir, "images/pi.img"),
        join(dir, "images/kernel"),
        join(dir, "images/board.dtb"),
        join(dir, "images/initrd"),
        join(dir, "home/.ssh/id_ed25519.pub"),
        join(dir, "keys/id.pub"),
      ],
    );
  });

  it("expands ${VAR}, ${VAR:-default}, ${VAR-default} and $$ in string values", async () => {
    const dir = makeProject(
      [
        "name: ${PROJECT:-lab}",
        "machines:",
        "  web:",
        "    image: ${IMAGES}/pi.img",
        "    memory: ${MEM:-128}",
        "    cmdline: quiet ${EMPTY:-loglevel=3} ${EMPTY-unused} cost=$$5",
        "",
      ].join("\n"),
    );
    const config = await loadConfig(dir, { IMAGES: "images", EMPTY: "" });
    equal(config.name, "lab");
    const [web] = config.machines;
    equal(web.image, join(dir, "images/pi.img"));
    equal(web.memory, 128);
    equal(web.cmdline, "quiet loglevel=3  cost=$5");
  });

  it("converts units: memory to MiB, disk size to bytes, timeout to ms", async () => {
    const dir = makeProject(
      [
        "machines:",
        "  a: { image: images/pi.img, board: virt, memory: 2G, disk: { size: 512M }, healthcheck: { timeout: 2h } }",
        "  b: { image: images/pi.img, memory: '300', disk: { size: 100 }, healthcheck: { timeout: 1500ms } }",
        "",
      ].join("\n"),
    );
    const [a, b] = (await loadConfig(dir)).machines;
    deepStrictEqual(
      [a.memory, a.disk.sizeBytes, a.healthcheck.timeoutMs],
      [2048, 512 * 1024 ** 2, 7_200_000],
    );
    deepStrictEqual(
      [b.memory, b.disk.sizeBytes, b.healthcheck.timeoutMs],
      [300, 100 * 1024 ** 2, 1500],
    );
  });

  it("parses port forwards with an address and a protocol", async () => {
    const dir = makeProject(
      "machines:\n  web:\n    image: images/pi.img\n    ports: ['8080:80', '0.0.0.0:8443:443', '5353:53/udp', '5353:53']\n",
    );
    const [web] = (await loadConfig(dir)).machines;
    deepStrictEqual(web.ports, [
      { hostIp: "127.0.0.1", hostPort: 8080, guestPort: 80, protocol: "tcp" },
      { hostIp: "0.0.0.0", hostPort: 8443, guestPort: 443, protocol: "tcp" },
      { hostIp: "127.0.0.1", hostPort: 5353, guestPort: 53, protocol: "udp" },
      { hostIp: "127.0.0.1", hostPort: 5353, guestPort: 53, protocol: "tcp" },
    ]);
  });

  it("runs a command string through sh -c, keeps a command list, and splits qemu strings on whitespace", async () => {
    const dir = makeProject(
      [
        "machines:",
        "  a: { image: images/pi.img, command: 'echo hi && sleep 1', qemu: '-d  guest_errors  -s' }",
        "  b: { image: images/pi.img, command: [qemu-system-arm, -M, versatilepb], qemu: ['-append', 'a b'] }",
        "",
      ].join("\n"),
    );
    const [a, b] = (await loadConfig(dir)).machines;
    deepStrictEqual(a.command, ["sh", "-c", "echo hi && sleep 1"]);
    deepStrictEqual(a.qemu, ["-d", "guest_errors", "-s"]);
    deepStrictEqual(b.command, ["qemu-system-arm", "-M", "versatilepb"]);
    deepStrictEqual(b.qemu, ["-append", "a b"]);
  });

  it("reads internal, restrict, hostname, network, display and a disabled ssh (no ssh health check)", async () => {
    const dir = makeProject(
      [
        "internal: true",
        "machines:",
        "  a: { image: images/pi.img, restrict: true, hostname: sensor-1, display: vnc }",
        "  b: { image: images/pi.img, network: bridge, ssh: { enable: false } }",
        "",
      ].join("\n"),
    );
    const config = await loadConfig(dir);
    equal(config.internal, true);
    const [a, b] = config.machines;
    deepStrictEqual(
      [a.restrict, a.hostname, a.display, a.network],
      [true, "sensor-1", "vnc", "user"],
    );
    deepStrictEqual(
      [b.restrict, b.network, b.ssh.enable, b.healthcheck.ssh],
      [false, "bridge", false, false],
    );
  });

  it("accepts each board with its default memory and the memory it allows", async () => {
    const dir = makeProject(
      [
        "machines:",
        "  a: { image: images/pi.img, board: versatilepb, memory: 128 }",
        "  b: { image: images/pi.img, board: raspi0, memory: 512M }",
        "  c: { image: images/pi.img, board: raspi2b, memory: 1G }",
        "  d: { image: images/pi.img, board: raspi3b, memory: 1024 }",
        "  e: { image: images/pi.img, board: raspi4b, memory: 2G }",
        "  f: { image: images/pi.img, board: virt, memory: 4G, cpus: 4 }",
        "  g: { image: images/pi.img, board: raspi3ap }",
        "",
      ].join("\n"),
    );
    const machines = (await loadConfig(dir)).machines;
    deepStrictEqual(
      machines.map((m) => [m.board, m.memory]),
      [
        ["versatilepb", 128],
        ["raspi0", 512],
        ["raspi2b", 1024],
        ["raspi3b", 1024],
        ["raspi4b", 2048],
        ["virt", 4096],
        ["raspi3ap", undefined],
      ],
    );
  });

  it("lets machines share settings through YAML anchors and merge keys", async () => {
    const dir = makeProject(
      [
        "machines:",
        "  a: &pi { image: images/pi.img, board: raspi3b }",
        "  b: { <<: *pi, hostname: other }",
        "",
      ].join("\n"),
    );
    const [, b] = (await loadConfig(dir)).machines;
    deepStrictEqual(
      [b.board, b.hostname, b.image],
      ["raspi3b", "other", join(dir, "images/pi.img")],
    );
  });
});

describe("project name", () => {
  const yaml = "machines:\n  web:\n    image: images/pi.img\n";

  it("is -p when given, over name:", async () => {
    const dir = makeProject(`name: lab\n${yaml}`);
    equal((await loadConfig(dir, {}, { projectName: "ci-42" })).name, "ci-42");
  });

  it("is name: when given", async () => {
    equal((await loadConfig(makeProject(`name: lab\n${yaml}`))).name, "lab");
  });

  it("is the folder name, sanitised to lowercase letters, digits and -", async () => {
    equal((await loadConfig(makeProject(yaml, "My Pi_Lab.2"))).name, "my-pi-lab-2");
  });
});

describe("finding rpi.yml", () => {
  const yaml = "machines:\n  web:\n    image: images/pi.img\n";

  it("searches upward from the working folder", async () => {
    const dir = makeProject(yaml);
    mkdirSync(join(dir, "a/b"), { recursive: true });
    equal((await loadConfig(dir, {}, { cwd: join(dir, "a/b") })).file, join(dir, "rpi.yml"));
  });

  it("uses -f (relative to the working folder) over RPI_FILE", async () => {
    const dir = makeProject(yaml);
    writeFileSync(join(dir, "other.yml"), "machines:\n  x:\n    image: images/pi.img\n");
    const config = await loadConfig(dir, { RPI_FILE: join(dir, "rpi.yml") }, { file: "other.yml" });
    deepStrictEqual([config.file, config.machines[0].name], [join(dir, "other.yml"), "x"]);
  });

  it("uses RPI_FILE when no -f is given", async () => {
    const dir = makeProject(yaml);
    writeFileSync(join(dir, "other.yml"), "machines:\n  x:\n    image: images/pi.img\n");
    equal((await loadConfig(dir, { RPI_FILE: "other.yml" })).file, join(dir, "other.yml"));
  });

  it("says where it looked when there is no rpi.yml, and that one can be created", async () => {
    const dir = makeProject(yaml);
    deepStrictEqual(await errorLines(dir, {}, { cwd: "/" }), [
      "no rpi.yml in / or any folder above it: create rpi.yml there (see docs/rpi-yml.md), or name one with -f FILE or RPI_FILE",
    ]);
  });

  it("names the flag when -f or RPI_FILE points nowhere", async () => {
    const dir = makeProject(yaml);
    deepStrictEqual(await errorLines(dir, {}, { file: "nope.yml" }), [
      `-f nope.yml: ${join(dir, "nope.yml")} does not exist`,
    ]);
    deepStrictEqual(await errorLines(dir, { RPI_FILE: "images" }), [
      `RPI_FILE images: ${join(dir, "images")} is a directory, not a file`,
    ]);
  });

  it("shows the file's absolute path in errors when it is outside the working folder", async () => {
    const dir = makeProject("machines: {}\n");
    deepStrictEqual(await errorLines(dir, {}, { cwd: join(dir, "images") }), [
      `${join(dir, "rpi.yml")}:1:11: machines: no machines: add at least one`,
    ]);
  });
});
