import { strict as assert } from "node:assert";
import { sshArgs } from "../../../src/project/ssh-args.js";

const target = {
  projectDir: "/work/lab",
  project: "lab",
  machine: "web",
  host: "127.0.0.1",
  port: 40022,
  user: "pi",
};

describe("sshArgs", () => {
  it("uses rpi's key, the machine's port and the project's own plain known_hosts under the machine's alias", () => {
    assert.deepEqual(sshArgs(target, ["uname", "-a"], { batch: false }), [
      "-i",
      "/work/lab/.rpi/ssh/id_ed25519",
      "-p",
      "40022",
      "-o",
      "UserKnownHostsFile=/work/lab/.rpi/known_hosts",
      "-o",
      "HostKeyAlias=lab-web",
      "-o",
      "StrictHostKeyChecking=accept-new",
      "-o",
      "HashKnownHosts=no",
      "-o",
      "IdentitiesOnly=yes",
      "-o",
      "LogLevel=ERROR",
      "pi@127.0.0.1",
      "uname",
      "-a",
    ]);
  });

  it("never prompts in batch mode, and gives up connecting after 5 s", () => {
    const args = sshArgs({ ...target, user: "root" }, ["poweroff"], { batch: true });
    assert.deepEqual(args.slice(-5), [
      "BatchMode=yes",
      "-o",
      "ConnectTimeout=5",
      "root@127.0.0.1",
      "poweroff",
    ]);
  });

  it("skips host-key checks (and writes no known_hosts) for rpi's own power-off", () => {
    const args = sshArgs({ ...target, user: "root" }, ["poweroff"], {
      batch: true,
      checkHostKey: false,
    });
    assert.ok(args.includes("UserKnownHostsFile=/dev/null"));
    assert.ok(args.includes("StrictHostKeyChecking=no"));
    assert.ok(!args.some((arg) => arg.startsWith("HostKeyAlias=")));
  });
});
