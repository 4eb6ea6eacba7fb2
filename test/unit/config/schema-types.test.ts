import { deepStrictEqual } from "node:assert/strict";
import { loadSchema } from "../../../src/config/schema.js";
import { BOARD_NAMES, DISPLAY_MODES, NETWORK_MODES } from "../../../src/config/types.js";
import type { MachineFields, RpiFile } from "../../../src/config/types.js";

// Key tables checked against the types by `satisfies`: a field added to (or removed from) a type without the
// table fails to compile; the table and the schema are compared below, so the schema must follow too.
const FILE_KEYS = { name: true, internal: true, defaults: true, machines: true } satisfies Record<
  keyof RpiFile,
  true
>;
const MACHINE_KEYS = {
  image: true,
  kernel: true,
  dtb: true,
  initrd: true,
  board: true,
  memory: true,
  cpus: true,
  graphics: true,
  display: true,
  command: true,
  network: true,
  ports: true,
  ssh: true,
  hostname: true,
  cmdline: true,
  qemu: true,
  disk: true,
  healthcheck: true,
  restrict: true,
} satisfies Record<keyof MachineFields, true>;
type Sub<K extends keyof MachineFields> = keyof NonNullable<MachineFields[K]>;
const SSH_KEYS = {
  enable: true,
  port: true,
  user: true,
  password: true,
  authorized_keys: true,
} satisfies Record<Sub<"ssh">, true>;
const DISK_KEYS = { size: true, persist: true } satisfies Record<Sub<"disk">, true>;
const HEALTHCHECK_KEYS = { ssh: true, console: true, timeout: true } satisfies Record<
  Sub<"healthcheck">,
  true
>;

interface SchemaObject {
  properties: Record<string, SchemaObject & { enum?: string[] }>;
}

const schema = loadSchema() as unknown as SchemaObject & { definitions: { machine: SchemaObject } };
const machine = schema.definitions.machine;
const keys = (o: object) => Object.keys(o).sort();

describe("schema and types stay in step", () => {
  it("top-level properties match RpiFile", () => {
    deepStrictEqual(keys(schema.properties), keys(FILE_KEYS));
  });

  it("machine properties match MachineFields", () => {
    deepStrictEqual(keys(machine.properties), keys(MACHINE_KEYS));
  });

  it("ssh, disk and healthcheck properties match their types", () => {
    deepStrictEqual(keys(machine.properties.ssh.properties), keys(SSH_KEYS));
    deepStrictEqual(keys(machine.properties.disk.properties), keys(DISK_KEYS));
    deepStrictEqual(keys(machine.properties.healthcheck.properties), keys(HEALTHCHECK_KEYS));
  });

  it("board, network and display enums match BOARD_NAMES, NETWORK_MODES and DISPLAY_MODES", () => {
    deepStrictEqual(machine.properties.board.enum, [...BOARD_NAMES]);
    deepStrictEqual(machine.properties.network.enum, [...NETWORK_MODES]);
    deepStrictEqual(machine.properties.display.enum, [...DISPLAY_MODES]);
  });

  it("every property has a description", () => {
    const missing: string[] = [];
    const walk = (object: SchemaObject, prefix: string) => {
      for (const [key, value] of Object.entries(object.properties ?? {})) {
        if (!(value as { description?: string }).description) missing.push(prefix + key);
        if (value.properties) walk(value, `${prefix}${key}.`);
      }
    };
    walk(schema, "");
    walk(machine, "machines.*.");
    deepStrictEqual(missing, []);
  });
});
