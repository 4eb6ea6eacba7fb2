import { strict as assert } from "node:assert";
import type { MachineConfig } from "../../../src/config/types.js";
import {
  formatDiskEdits,
  planDiskEdits,
  QEMU_UDEV_RULES,
  type DiskEdit,
  type DiskEditInput,
} from "../../../src/disk/disk-edits.js";
import type { ImageFacts } from "../../../src/disk/image-facts.js";
import { sha512Crypt } from "../../../src/disk/sha512-crypt.js";
import { machineConfig } from "../../support/machine-config.js";

const MGMT = "ssh-ed25519 AAAAmanagement rpi@host";
const ALICE = "ssh-ed25519 AAAAalice alice@laptop";

function facts(overrides: Partial<ImageFacts> = {}): ImageFacts {
  const boot = {
    index: 1,
    startBytes: 4194304,
    sizeBytes: 4194304,
    type: "fat" as const,
    rawType: "0c",
  };
  const root = {
    index: 2,
    startBytes: 8388608,
    sizeBytes: 4194304,
    type: "linux" as const,
    rawType: "83",
  };
  return {
    path: "/images/pi.img",
    identity: { realPath: "/images/pi.img", sizeBytes: 12582912, mtimeNs: "1", ino: "2" },
    format: "raw",
    rawPath: "/images/pi.img",
    sizeBytes: 12582912,
    table: { kind: "mbr", diskId: "1234abcd", partitions: [boot, root] },
    boot,
    root,
    bootFiles: ["cmdline.txt", "kernel8.img"],
    osRelease: {},
    users: [
      { name: "root", uid: 0, gid: 0, home: "/root" },
      { name: "pi", uid: 1000, gid: 1000, home: "/home/pi" },
      { name: "svc", uid: 1001, gid: 1002, home: "/srv/svc" },
    ],
    cloudInit: false,
    userconf: false,
    ...overrides,
  };
}

function input(
  machine: Partial<MachineConfig> = {},
  rest: Partial<DiskEditInput> = {},
): DiskEditInput {
  return {
    machine: machineConfig("web", machine),
    facts: facts(),
    board: "raspi3b",
    managementKey: MGMT,
    userKeys: [],
    qemuVersion: [7, 2],
    ...rest,
  };
}

const ssh = (over: Partial<MachineConfig["ssh"]>): MachineConfig["ssh"] => ({
  enable: true,
  user: "pi",
  authorizedKeys: [],
  ...over,
});

const find = (edits: DiskEdit[], path: string) => {
  const edit = edits.find((e) => e.path === path);
  return edit && { ...edit, content: "content" in edit ? edit.content : undefined };
};

describe("planDiskEdits", () => {
  it("enables sshd and gives root the management key for a default machine (golden)", () => {
    assert.equal(
      formatDiskEdits(planDiskEdits(input())),
      [
        "boot  /ssh  file 0 bytes  enable sshd (ssh.enable)",
        "root  /root/.ssh/  dir 0700 0:0  ssh folder of root",
        "root  /root/.ssh/authorized_keys  file 36 bytes 0600 0:0  rpi's management key (powers the guest off on down) and ssh.authorized_keys",
      ].join("\n"),
    );
  });

  it("writes userconf.txt, the user's keys owned by their uid and root's keys for a new user with a password (golden)", () => {
    const edits = planDiskEdits(
      input({ ssh: ssh({ user: "alice", password: "s3cret" }) }, { userKeys: [ALICE + "\n"] }),
    );
    assert.equal(
      formatDiskEdits(edits),
      [
        "boot  /ssh  file 0 bytes  enable sshd (ssh.enable)",
        "boot  /userconf.txt  file 113 bytes  user alice with the configured password (ssh.password)",
        "root  /home/alice/  dir 0755 1000:1000  home of alice",
        "root  /home/alice/.ssh/  dir 0700 1000:1000  ssh folder of alice",
        "root  /home/alice/.ssh/authorized_keys  file 35 bytes 0600 1000:1000  ssh.authorized_keys for alice",
        "root  /root/.ssh/  dir 0700 0:0  ssh folder of root",
        "root  /root/.ssh/authorized_keys  file 71 bytes 0600 0:0  rpi's management key (powers the guest off on down) and ssh.authorized_keys",
      ].join("\n"),
    );
    assert.equal(find(edits, "/root/.ssh/authorized_keys")?.content, `${MGMT}\n${ALICE}\n`);
    assert.equal(find(edits, "/home/alice/.ssh/authorized_keys")?.content, `${ALICE}\n`);
  });

  it("hashes the password with sha512-crypt and a salt derived from the inputs, so plans are stable", () => {
    const plan = () => planDiskEdits(input({ ssh: ssh({ password: "s3cret" }) }));
    const line = find(plan(), "userconf.txt")?.content ?? "";
    const [user, hash] = line.trimEnd().split(":");
    assert.equal(user, "pi");
    const salt = hash.split("$")[2];
    assert.equal(hash, sha512Crypt("s3cret", salt));
    assert.deepEqual(plan(), plan());
    const other = find(planDiskEdits(input({ ssh: ssh({ password: "other" }) })), "userconf.txt");
    assert.notEqual(other?.content, line);
  });

  it("uses the uid, gid and home of a user that exists in the image's /etc/passwd", () => {
    const edits = planDiskEdits(input({ ssh: ssh({ user: "svc" }) }, { userKeys: [ALICE] }));
    const keys = find(edits, "/srv/svc/.ssh/authorized_keys");
    assert.ok(keys && keys.kind === "root-file");
    assert.deepEqual([keys.uid, keys.gid, keys.mode], [1001, 1002, 0o600]);
    assert.equal(find(edits, "userconf.txt"), undefined);
  });

  it("creates a missing user through userconf.txt with a locked password when no password is set", () => {
    const edits = planDiskEdits(input({ ssh: ssh({ user: "bob" }) }));
    assert.equal(find(edits, "userconf.txt")?.content, "bob:*\n");
  });

  it("does not enable sshd when ssh.enable is false but still installs the management key", () => {
    const edits = planDiskEdits(input({ ssh: ssh({ enable: false }) }));
    assert.equal(find(edits, "ssh"), undefined);
    assert.ok(find(edits, "/root/.ssh/authorized_keys"));
  });

  it("writes the old tool's exact udev rules for versatilepb only", () => {
    const rules = find(
      planDiskEdits(input({}, { board: "versatilepb" })),
      "/etc/udev/rules.d/90-qemu.rules",
    );
    assert.equal(
      rules?.content,
      'KERNEL=="sda", SYMLINK+="mmcblk0"\nKERNEL=="sda?", SYMLINK+="mmcblk0p%n"\nKERNEL=="sda2", SYMLINK+="root"\n',
    );
    assert.equal(rules?.content, QEMU_UDEV_RULES);
    for (const board of ["raspi3b", "virt"] as const) {
      assert.equal(
        find(planDiskEdits(input({}, { board })), "/etc/udev/rules.d/90-qemu.rules"),
        undefined,
      );
    }
  });

  it("comments out libarmmem in /etc/ld.so.preload for QEMU older than 2.8 only", () => {
    const preload =
      "/usr/lib/arm-linux-gnueabihf/libarmmem-${PLATFORM}.so\n#/already/libarmmem.so\n/other.so\n";
    const old = planDiskEdits(
      input({}, { facts: facts({ ldSoPreload: preload }), qemuVersion: [2, 7] }),
    );
    assert.equal(
      find(old, "/etc/ld.so.preload")?.content,
      "#/usr/lib/arm-linux-gnueabihf/libarmmem-${PLATFORM}.so\n#/already/libarmmem.so\n/other.so\n",
    );
    const recent = planDiskEdits(
      input({}, { facts: facts({ ldSoPreload: preload }), qemuVersion: [2, 8] }),
    );
    assert.equal(find(recent, "/etc/ld.so.preload"), undefined);
    const none = planDiskEdits(input({}, { qemuVersion: [2, 0] }));
    assert.equal(find(none, "/etc/ld.so.preload"), undefined);
  });

  it("writes cloud-init user-data, meta-data and network-config instead of userconf.txt for cloud-init images", () => {
    const edits = planDiskEdits(
      input(
        { ssh: ssh({ user: "alice", password: "pw" }) },
        { facts: facts({ cloudInit: true }), userKeys: [ALICE] },
      ),
    );
    assert.deepEqual(
      edits.filter((e) => e.kind === "boot-file").map((e) => e.path),
      ["ssh", "user-data", "meta-data", "network-config"],
    );
    const userData = find(edits, "user-data")?.content ?? "";
    assert.match(userData, /^#cloud-config\n/);
    assert.match(userData, /preserve_hostname: true/);
    assert.match(userData, /disable_root: false/);
    assert.match(userData, /- name: "alice"/);
    assert.match(userData, /passwd: "\$6\$/);
    assert.ok(userData.includes(JSON.stringify(ALICE)));
    assert.match(find(edits, "meta-data")?.content ?? "", /^instance-id: rpi-[0-9a-f]{16}\n$/);
    assert.match(find(edits, "network-config")?.content ?? "", /dhcp4: true/);
  });

  it("is the same for machines that differ only in name, hostname, memory, ports or network mode", () => {
    const a = planDiskEdits(input({ name: "a", hostname: "a" }));
    const b = planDiskEdits(
      input({
        name: "b",
        hostname: "sensor-2",
        memory: 1024,
        network: "bridge",
        ports: [{ hostIp: "127.0.0.1", hostPort: 8080, guestPort: 80, protocol: "tcp" }],
      }),
    );
    assert.deepEqual(a, b);
  });

  it("never prints passwords, hashes or key text", () => {
    const text = formatDiskEdits(
      planDiskEdits(
        input(
          { ssh: ssh({ password: "hunter2" }) },
          { userKeys: [ALICE], facts: facts({ cloudInit: true }) },
        ),
      ),
    );
    assert.doesNotMatch(text, /hunter2|\$6\$|AAAA/);
  });
});
