import { deepStrictEqual, ok } from "node:assert/strict";
import { errorLines, makeProject } from "./fixture.js";

interface BadConfig {
  /** What is wrong, as the test name says it. */
  name: string;
  yaml: string;
  env?: Record<string, string>;
  projectName?: string;
  /** Every line `rpi validate` prints, in order. */
  errors: string[];
}

const img = "    image: images/pi.img\n";

/** One table: each bad rpi.yml and the exact lines (file:line:col: path: message) it must produce. */
const BAD_CONFIGS: BadConfig[] = [
  {
    name: "a YAML syntax error (unclosed flow list)",
    yaml: "machines:\n  web:\n    image: images/pi.img\n    ports: [8080:80\n",
    errors: [
      "rpi.yml:5:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
  },
  {
    name: "tab indentation",
    yaml: "machines:\n  web:\n\timage: images/pi.img\n",
    errors: ["rpi.yml:3:1: tab character used for indentation: indent with spaces"],
  },
  {
    name: "a key written twice",
    yaml: "machines:\n  web:\n    image: images/pi.img\n    image: images/pi.img\n",
    errors: ["rpi.yml:4:5: YAML syntax error: Map keys must be unique"],
  },
  {
    name: "an empty file",
    yaml: "# nothing yet\n",
    errors: ["rpi.yml:1:1: the file is empty: it needs machines:, one entry per machine"],
  },
  {
    name: "a list at the top instead of a mapping",
    yaml: "- web\n",
    errors: ["rpi.yml:1:1: must be a mapping, not a list"],
  },
  {
    name: "no machines key",
    yaml: "name: lab\n",
    errors: ["rpi.yml:1:1: machines: missing: add machines:, one entry per machine"],
  },
  {
    name: "empty machines mapping",
    yaml: "name: lab\nmachines: {}\n",
    errors: ["rpi.yml:2:11: machines: no machines: add at least one"],
  },
  {
    name: "machines with nothing under it",
    yaml: "machines:\n",
    errors: ["rpi.yml:1:1: machines: no machines: add at least one"],
  },
  {
    name: "a machine with nothing under it",
    yaml: "machines:\n  web:\n",
    errors: ["rpi.yml:2:3: machines.web: empty machine: it needs at least an image"],
  },
  {
    name: "an unknown top-level key close to a known one",
    yaml: "machine:\n  web:\n    image: images/pi.img\n",
    errors: [
      "rpi.yml:1:1: machines: missing: add machines:, one entry per machine",
      'rpi.yml:1:1: unknown key "machine" (did you mean "machines"?)',
    ],
  },
  {
    name: "an unknown machine key within edit distance 2",
    yaml: `machines:\n  web:\n${img}    memroy: 256\n`,
    errors: ['rpi.yml:4:5: machines.web: unknown key "memroy" (did you mean "memory"?)'],
  },
  {
    name: "an unknown key with nothing close",
    yaml: `machines:\n  web:\n${img}    colour: blue\n`,
    errors: ['rpi.yml:4:5: machines.web: unknown key "colour"'],
  },
  {
    name: "an unknown ssh key (British spelling)",
    yaml: `machines:\n  web:\n${img}    ssh:\n      authorised_keys: [keys/id.pub]\n`,
    errors: [
      'rpi.yml:5:7: machines.web.ssh: unknown key "authorised_keys" (did you mean "authorized_keys"?)',
    ],
  },
  {
    name: "a string where a number is needed",
    yaml: `machines:\n  web:\n${img}    board: virt\n    cpus: two\n`,
    errors: ['rpi.yml:5:11: machines.web.cpus: must be a whole number, not "two"'],
  },
  {
    name: "yes where a boolean is needed (YAML 1.2: a string)",
    yaml: `machines:\n  web:\n${img}    ssh: { enable: yes }\n`,
    errors: ['rpi.yml:4:20: machines.web.ssh.enable: must be true or false, not "yes"'],
  },
  {
    name: "a single port instead of a list",
    yaml: `machines:\n  web:\n${img}    ports: "8080:80"\n`,
    errors: ['rpi.yml:4:12: machines.web.ports: must be a list, not "8080:80"'],
  },
  {
    name: "memory 512 on versatilepb",
    yaml: `machines:\n  web:\n${img}    board: versatilepb\n    memory: 512\n`,
    errors: [
      "rpi.yml:5:13: machines.web.memory: 512 is not allowed for board versatilepb (at most 256)",
    ],
  },
  {
    name: "memory 768 on raspi3b",
    yaml: `machines:\n  web:\n${img}    board: raspi3b\n    memory: 768\n`,
    errors: [
      "rpi.yml:5:13: machines.web.memory: 768 is not allowed for board raspi3b (exactly 1024)",
    ],
  },
  {
    name: "memory 1G on raspi0",
    yaml: `machines:\n  web:\n${img}    board: raspi0\n    memory: 1G\n`,
    errors: [
      "rpi.yml:5:13: machines.web.memory: 1G (1024 MiB) is not allowed for board raspi0 (exactly 512)",
    ],
  },
  {
    name: "memory from defaults that a machine's board cannot have",
    yaml: `defaults:\n  memory: 512\nmachines:\n  web:\n${img}    board: raspi2b\n`,
    errors: [
      "rpi.yml:2:11: defaults.memory: 512 is not allowed for board raspi2b of machines.web (exactly 1024)",
    ],
  },
  {
    name: "memory below virt's minimum",
    yaml: `machines:\n  web:\n${img}    board: virt\n    memory: 32M\n`,
    errors: [
      "rpi.yml:5:13: machines.web.memory: 32M (32 MiB) is not allowed for board virt (at least 64)",
    ],
  },
  {
    name: "memory that is not a size",
    yaml: `machines:\n  web:\n${img}    memory: lots\n`,
    errors: [
      'rpi.yml:4:13: machines.web.memory: must be a number (MiB) or a size like 512M or 1G, not "lots"',
    ],
  },
  {
    name: "an unknown board close to a known one",
    yaml: `machines:\n  web:\n${img}    board: raspi3\n`,
    errors: [
      'rpi.yml:4:12: machines.web.board: "raspi3" is not a board (did you mean "raspi3b"?); one of: versatilepb, raspi0, raspi1ap, raspi2b, raspi3ap, raspi3b, raspi4b, virt',
    ],
  },
  {
    name: "an unknown network mode",
    yaml: `machines:\n  web:\n${img}    network: nat\n`,
    errors: [
      'rpi.yml:4:14: machines.web.network: "nat" is not a network mode; one of: user, bridge',
    ],
  },
  {
    name: "the same host port on two machines",
    yaml: `machines:\n  web:\n${img}    ports: ["8080:80"]\n  api:\n${img}    ports: ["9000:9000", "8080:8080"]\n`,
    errors: [
      "rpi.yml:7:26: machines.api.ports[1]: host port 8080 is already used by machines.web.ports[0]",
    ],
  },
  {
    name: "an ssh port that another machine forwards",
    yaml: `machines:\n  web:\n${img}    ports: ["2222:22"]\n  api:\n${img}    ssh: { port: 2222 }\n`,
    errors: [
      "rpi.yml:7:18: machines.api.ssh.port: host port 2222 is already used by machines.web.ports[0]",
    ],
  },
  {
    name: "a port forward in the wrong syntax",
    yaml: `machines:\n  web:\n${img}    ports: ["8080-80"]\n`,
    errors: [
      'rpi.yml:4:13: machines.web.ports[0]: must be a port forward like "8080:80", "127.0.0.1:8080:80" or "5353:53/udp", not "8080-80"',
    ],
  },
  {
    name: "a host port out of range",
    yaml: `machines:\n  web:\n${img}    ports:\n      - 70000:80\n`,
    errors: ["rpi.yml:5:9: machines.web.ports[0]: host port 70000 is out of range (1-65535)"],
  },
  {
    name: "an ssh port of 0",
    yaml: `machines:\n  web:\n${img}    ssh:\n      port: 0\n`,
    errors: ["rpi.yml:5:13: machines.web.ssh.port: must be at least 1, not 0"],
  },
  {
    name: "a duration without a unit it knows",
    yaml: `machines:\n  web:\n${img}    healthcheck:\n      timeout: 10 minutes\n`,
    errors: [
      'rpi.yml:5:16: machines.web.healthcheck.timeout: must be a duration like 90s, 10m or 1h, not "10 minutes"',
    ],
  },
  {
    name: "a console pattern that is not a regular expression",
    yaml: `machines:\n  web:\n${img}    healthcheck: { console: "login(" }\n`,
    errors: [
      "rpi.yml:4:29: machines.web.healthcheck.console: not a valid regular expression: Invalid regular expression: /login(/: Unterminated group",
    ],
  },
  {
    name: "no image, here or under defaults",
    yaml: "machines:\n  web:\n    memory: 256\n",
    errors: ["rpi.yml:2:3: machines.web: no image: set image: here or under defaults:"],
  },
  {
    name: "an image that does not exist",
    yaml: "machines:\n  web:\n    image: images/missing.img\n",
    errors: [
      `rpi.yml:3:12: machines.web.image: images/missing.img (<DIR>/images/missing.img) does not exist`,
    ],
  },
  {
    name: "a kernel that cannot be read, even by root (a path through a file)",
    yaml: `machines:\n  web:\n${img}    kernel: images/kernel/vmlinuz\n`,
    errors: [
      "rpi.yml:4:13: machines.web.kernel: images/kernel/vmlinuz (<DIR>/images/kernel/vmlinuz) cannot be read: a part of its path is a file, not a folder",
    ],
  },
  {
    name: "a dtb that is a FIFO, not a regular file",
    yaml: `machines:\n  web:\n${img}    kernel: images/kernel\n    dtb: images/fifo\n`,
    errors: [
      "rpi.yml:5:10: machines.web.dtb: images/fifo (<DIR>/images/fifo) is not a regular file",
    ],
  },
  {
    name: "a directory given as image",
    yaml: "machines:\n  web:\n    image: images/folder\n",
    errors: [
      "rpi.yml:3:12: machines.web.image: images/folder (<DIR>/images/folder) is a directory, not a file",
    ],
  },
  {
    name: "an authorized_keys file that does not exist",
    yaml: `machines:\n  web:\n${img}    ssh:\n      authorized_keys:\n        - keys/id.pub\n        - ~/.ssh/id_ed25519.pub\n`,
    errors: [
      "rpi.yml:7:11: machines.web.ssh.authorized_keys[1]: ~/.ssh/id_ed25519.pub (<DIR>/home/.ssh/id_ed25519.pub) does not exist",
    ],
  },
  {
    name: "a machine name with an underscore",
    yaml: `machines:\n  web_1:\n${img}`,
    errors: [
      `rpi.yml:2:3: machines.web_1: "web_1" is not a valid machine name: use lowercase letters, digits and '-' (at most 63 characters, not starting or ending with '-')`,
    ],
  },
  {
    name: "a machine name with capitals",
    yaml: `machines:\n  Web:\n${img}`,
    errors: [
      `rpi.yml:2:3: machines.Web: "Web" is not a valid machine name: use lowercase letters, digits and '-' (at most 63 characters, not starting or ending with '-')`,
    ],
  },
  {
    name: "a machine name longer than 63 characters",
    yaml: `machines:\n  ${"a".repeat(64)}:\n${img}`,
    errors: [
      `rpi.yml:2:3: machines.${"a".repeat(64)}: "${"a".repeat(64)}" is not a valid machine name: use lowercase letters, digits and '-' (at most 63 characters, not starting or ending with '-')`,
    ],
  },
  {
    name: "a hostname that is not a DNS label",
    yaml: `machines:\n  web:\n${img}    hostname: Web_1\n`,
    errors: [
      `rpi.yml:4:15: machines.web.hostname: must be a DNS label (lowercase letters, digits and '-', at most 63 characters, not starting or ending with '-'), not "Web_1"`,
    ],
  },
  {
    name: "an undefined ${VAR} without a default",
    yaml: "machines:\n  web:\n    image: ${IMAGE_DIR}/pi.img\n",
    errors: [
      "rpi.yml:3:12: machines.web.image: variable ${IMAGE_DIR} is not set (set it, or write ${IMAGE_DIR:-default})",
    ],
  },
  {
    name: "a malformed variable reference",
    yaml: `machines:\n  web:\n${img}    cmdline: "quiet \${1X}"\n`,
    errors: [
      'rpi.yml:4:14: machines.web.cmdline: bad variable reference "${1X}": write ${NAME} or ${NAME:-default}',
    ],
  },
  {
    name: "cpus on a board with a fixed CPU count",
    yaml: `machines:\n  web:\n${img}    board: raspi3b\n    cpus: 2\n`,
    errors: [
      "rpi.yml:5:11: machines.web.cpus: cpus applies to board virt only (raspi3b has a fixed number of CPUs)",
    ],
  },
  {
    name: "restrict in bridge mode",
    yaml: `machines:\n  web:\n${img}    network: bridge\n    restrict: true\n`,
    errors: [
      "rpi.yml:5:15: machines.web.restrict: restrict applies to network user only (in bridge mode the guest has the container's address)",
    ],
  },
  {
    name: "an SSH health check with SSH disabled",
    yaml: `machines:\n  web:\n${img}    ssh: { enable: false }\n    healthcheck: { ssh: true }\n`,
    errors: [
      "rpi.yml:5:25: machines.web.healthcheck.ssh: an SSH health check needs ssh.enable: true",
    ],
  },
  {
    name: "a project name with spaces and capitals",
    yaml: `name: My Lab\nmachines:\n  web:\n${img}`,
    errors: [
      `rpi.yml:1:7: name: must be lowercase letters, digits, '-' and '_', starting with a letter or digit, not "My Lab"`,
    ],
  },
  {
    name: "an invalid --project-name",
    yaml: `machines:\n  web:\n${img}`,
    projectName: "Lab 1",
    errors: [
      `--project-name "Lab 1" is not a valid project name: use lowercase letters, digits, '-' and '_', starting with a letter or digit`,
    ],
  },
  {
    name: "several mistakes at once, reported together in file order",
    yaml: [
      "machines:",
      "  web:",
      "    image: images/pi.img",
      "    board: versatilepb",
      "    memory: 512",
      "    ports: [8080:80]",
      "  db_1:",
      "    image: images/nope.img",
      "    ports: [8080:5432]",
      "    memroy: 1",
      "",
    ].join("\n"),
    errors: [
      "rpi.yml:5:13: machines.web.memory: 512 is not allowed for board versatilepb (at most 256)",
      `rpi.yml:7:3: machines.db_1: "db_1" is not a valid machine name: use lowercase letters, digits and '-' (at most 63 characters, not starting or ending with '-')`,
      "rpi.yml:8:12: machines.db_1.image: images/nope.img (<DIR>/images/nope.img) does not exist",
      "rpi.yml:9:13: machines.db_1.ports[0]: host port 8080 is already used by machines.web.ports[0]",
      'rpi.yml:10:5: machines.db_1: unknown key "memroy" (did you mean "memory"?)',
    ],
  },
];

describe("rpi.yml errors", () => {
  it("the table covers at least 30 bad configs", () => {
    ok(BAD_CONFIGS.length >= 30, `only ${BAD_CONFIGS.length}`);
  });

  for (const bad of BAD_CONFIGS) {
    it(`reports ${bad.name} with its line, column and message`, async () => {
      const dir = makeProject(bad.yaml);
      const lines = await errorLines(dir, bad.env, { projectName: bad.projectName });
      deepStrictEqual(
        lines,
        bad.errors.map((line) => line.replaceAll("<DIR>", dir)),
      );
    });
  }
});
