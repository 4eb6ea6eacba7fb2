// Generated from rpi.schema.json by `node dist/src/config/generate-validator.js`: do not edit.
// A test fails when it is out of date.
/* eslint-disable */
import runtime0 from "ajv/dist/runtime/ucs2length.js";
("use strict");
export const validate = validate10;
export default validate10;
const schema11 = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "urn:rpi:schema:rpi.yml",
  title: "rpi.yml",
  description:
    "A fleet of emulated Raspberry Pis, brought up with `rpi up`. Reference: docs/rpi-yml.md.",
  type: "object",
  additionalProperties: false,
  required: ["machines"],
  properties: {
    name: {
      description:
        "Project name: prefixes container names and names the project network. Default: the file's folder name, sanitised. `-p` overrides it.",
      type: "string",
      pattern: "^[a-z0-9][a-z0-9_-]*$",
    },
    internal: {
      description:
        "When true, the project network has no route off the host; guests reach each other and nothing else.",
      type: "boolean",
      default: false,
    },
    defaults: {
      description:
        "Fields merged under every machine; a machine's own value wins (ssh, disk and healthcheck merge field by field).",
      $ref: "#/definitions/machine",
    },
    machines: {
      description:
        "The machines, by name. A name is a DNS label: lowercase letters, digits and '-', at most 63 characters, not starting or ending with '-'.",
      type: "object",
      minProperties: 1,
      propertyNames: { pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$" },
      additionalProperties: { $ref: "#/definitions/machine" },
    },
  },
  definitions: {
    memory: {
      description: "Memory in MiB: a number (MiB) or a size like 512M or 1G.",
      type: ["integer", "string"],
      minimum: 1,
      pattern: "^[1-9][0-9]*([MG]i?B?)?$",
    },
    diskSize: {
      description: "A size: a number (MiB) or a size like 512M, 4G or 1T.",
      type: ["integer", "string"],
      minimum: 1,
      pattern: "^[1-9][0-9]*([KMGT]i?B?)?$",
    },
    duration: {
      description: "A duration: a number and a unit, like 500ms, 90s, 10m or 1h.",
      type: "string",
      pattern: "^[1-9][0-9]*(ms|s|m|h)$",
    },
    port: {
      description:
        "A port forward HOST:GUEST, [ADDRESS:]HOST:GUEST[/tcp|/udp], like 8080:80, 127.0.0.1:8080:80 or 5353:53/udp. The host side binds 127.0.0.1 unless an address is given.",
      type: "string",
      pattern: "^(([0-9]{1,3}\\.){3}[0-9]{1,3}:)?[0-9]{1,5}:[0-9]{1,5}(/(tcp|udp))?$",
    },
    path: {
      description: "A file path: relative to the folder of rpi.yml; ~ and ${VAR} expand.",
      type: "string",
      minLength: 1,
    },
    dnsLabel: {
      description:
        "A DNS label: lowercase letters, digits and '-', at most 63 characters, not starting or ending with '-'.",
      type: "string",
      pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
    },
    stringOrList: { type: ["string", "array"], items: { type: "string" } },
    machine: {
      description: "One emulated Raspberry Pi.",
      type: "object",
      additionalProperties: false,
      properties: {
        image: {
          $ref: "#/definitions/path",
          description:
            "The SD-card image to boot (.img, .img.xz, .img.gz, .zip or qcow2). Required (here or under defaults). Never written to: each machine boots a copy-on-write overlay.",
        },
        kernel: {
          $ref: "#/definitions/path",
          description:
            "A kernel file to boot instead of the one in the image's boot partition. With a kernel and no board, the board is versatilepb.",
        },
        dtb: {
          $ref: "#/definitions/path",
          description:
            "A device-tree blob to pass with the kernel. Default: the board's dtb from the image's boot partition, if any.",
        },
        initrd: {
          $ref: "#/definitions/path",
          description: "An initial ramdisk to pass with the kernel.",
        },
        board: {
          description:
            "The emulated board. Default: versatilepb when a kernel is given; otherwise chosen from the image's boot partition (kernel8.img: raspi3b, kernel7.img: raspi2b, kernel.img: raspi1ap).",
          enum: [
            "versatilepb",
            "raspi0",
            "raspi1ap",
            "raspi2b",
            "raspi3ap",
            "raspi3b",
            "raspi4b",
            "virt",
          ],
        },
        memory: {
          $ref: "#/definitions/memory",
          description:
            "Guest memory: a number (MiB) or a size like 512M or 1G. Must suit the board: versatilepb at most 256 (default 256); raspi0, raspi1ap, raspi3ap exactly 512; raspi2b, raspi3b exactly 1024; raspi4b exactly 2048; virt at least 64 (default 1024).",
        },
        cpus: {
          description: "Number of CPUs (virt only; the other boards have a fixed count).",
          type: "integer",
          minimum: 1,
          maximum: 64,
        },
        graphics: {
          description:
            "Raw QEMU display options, as the old tool's GRAPHICS OPTIONS, e.g. -nographic.",
          type: "string",
        },
        display: {
          description: "Guest display: none (default; console on the serial port) or vnc.",
          enum: ["none", "vnc"],
          default: "none",
        },
        command: {
          $ref: "#/definitions/stringOrList",
          description:
            "Replaces the container command (the old tool's COMMAND): a string runs with sh -c, a list runs as is.",
        },
        network: {
          description:
            "user (default: unprivileged QEMU user networking with port forwards) or bridge (the guest takes the container's IP address).",
          enum: ["user", "bridge"],
          default: "user",
        },
        ports: {
          description:
            "Port forwards from the host to the guest: HOST:GUEST, ADDRESS:HOST:GUEST, with /udp for UDP.",
          type: "array",
          items: { $ref: "#/definitions/port" },
        },
        ssh: {
          description: "SSH access to the guest.",
          type: "object",
          additionalProperties: false,
          properties: {
            enable: {
              description: "Enable sshd in the guest (default true).",
              type: "boolean",
              default: true,
            },
            port: {
              description:
                "Host port (on 127.0.0.1) forwarded to the guest's port 22. Default: a free port chosen at start.",
              type: "integer",
              minimum: 1,
              maximum: 65535,
            },
            user: {
              description: "Login user created or renamed in the guest (default pi).",
              type: "string",
              pattern: "^[a-z_][a-z0-9_-]{0,31}$",
              default: "pi",
            },
            password: {
              description: "Password of the login user. Default: none (key login only).",
              type: "string",
            },
            authorized_keys: {
              description:
                "Public-key files installed for the login user, e.g. ~/.ssh/id_ed25519.pub. Default: none.",
              type: "array",
              items: { $ref: "#/definitions/path" },
            },
          },
        },
        hostname: {
          $ref: "#/definitions/dnsLabel",
          description: "The guest's hostname (default: the machine's name).",
        },
        cmdline: {
          description: "Extra kernel command-line parameters, appended to the built command line.",
          type: "string",
        },
        qemu: {
          $ref: "#/definitions/stringOrList",
          description:
            "Extra QEMU arguments: a string is split on whitespace, a list is used as is.",
        },
        disk: {
          description: "The machine's disk.",
          type: "object",
          additionalProperties: false,
          properties: {
            size: {
              $ref: "#/definitions/diskSize",
              description:
                "Grow the disk to this size: a number (MiB) or a size like 4G. SD boards round up to a power of two.",
            },
            persist: {
              description:
                "Keep the disk across `rpi down` (default false: down removes it; `down --volumes` always does).",
              type: "boolean",
              default: false,
            },
          },
        },
        healthcheck: {
          description: "When the machine counts as ready.",
          type: "object",
          additionalProperties: false,
          properties: {
            ssh: {
              description:
                "Ready when the guest's SSH banner answers on the forwarded port (default: true when ssh is enabled).",
              type: "boolean",
            },
            console: {
              description:
                "Ready when a console line matches this regular expression, e.g. 'login:'.",
              type: "string",
              minLength: 1,
            },
            timeout: {
              $ref: "#/definitions/duration",
              description:
                "How long to wait for readiness before failing with the last console lines (default 5m).",
            },
          },
        },
        restrict: {
          description:
            "QEMU user networking restrict=on: the guest gets no route out; forwarded ports still work (default false).",
          type: "boolean",
          default: false,
        },
      },
    },
  },
};
const pattern0 = new RegExp("^[a-z0-9][a-z0-9_-]*$", "u");
const pattern4 = new RegExp("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", "u");
const schema12 = {
  description: "One emulated Raspberry Pi.",
  type: "object",
  additionalProperties: false,
  properties: {
    image: {
      $ref: "#/definitions/path",
      description:
        "The SD-card image to boot (.img, .img.xz, .img.gz, .zip or qcow2). Required (here or under defaults). Never written to: each machine boots a copy-on-write overlay.",
    },
    kernel: {
      $ref: "#/definitions/path",
      description:
        "A kernel file to boot instead of the one in the image's boot partition. With a kernel and no board, the board is versatilepb.",
    },
    dtb: {
      $ref: "#/definitions/path",
      description:
        "A device-tree blob to pass with the kernel. Default: the board's dtb from the image's boot partition, if any.",
    },
    initrd: {
      $ref: "#/definitions/path",
      description: "An initial ramdisk to pass with the kernel.",
    },
    board: {
      description:
        "The emulated board. Default: versatilepb when a kernel is given; otherwise chosen from the image's boot partition (kernel8.img: raspi3b, kernel7.img: raspi2b, kernel.img: raspi1ap).",
      enum: [
        "versatilepb",
        "raspi0",
        "raspi1ap",
        "raspi2b",
        "raspi3ap",
        "raspi3b",
        "raspi4b",
        "virt",
      ],
    },
    memory: {
      $ref: "#/definitions/memory",
      description:
        "Guest memory: a number (MiB) or a size like 512M or 1G. Must suit the board: versatilepb at most 256 (default 256); raspi0, raspi1ap, raspi3ap exactly 512; raspi2b, raspi3b exactly 1024; raspi4b exactly 2048; virt at least 64 (default 1024).",
    },
    cpus: {
      description: "Number of CPUs (virt only; the other boards have a fixed count).",
      type: "integer",
      minimum: 1,
      maximum: 64,
    },
    graphics: {
      description: "Raw QEMU display options, as the old tool's GRAPHICS OPTIONS, e.g. -nographic.",
      type: "string",
    },
    display: {
      description: "Guest display: none (default; console on the serial port) or vnc.",
      enum: ["none", "vnc"],
      default: "none",
    },
    command: {
      $ref: "#/definitions/stringOrList",
      description:
        "Replaces the container command (the old tool's COMMAND): a string runs with sh -c, a list runs as is.",
    },
    network: {
      description:
        "user (default: unprivileged QEMU user networking with port forwards) or bridge (the guest takes the container's IP address).",
      enum: ["user", "bridge"],
      default: "user",
    },
    ports: {
      description:
        "Port forwards from the host to the guest: HOST:GUEST, ADDRESS:HOST:GUEST, with /udp for UDP.",
      type: "array",
      items: { $ref: "#/definitions/port" },
    },
    ssh: {
      description: "SSH access to the guest.",
      type: "object",
      additionalProperties: false,
      properties: {
        enable: {
          description: "Enable sshd in the guest (default true).",
          type: "boolean",
          default: true,
        },
        port: {
          description:
            "Host port (on 127.0.0.1) forwarded to the guest's port 22. Default: a free port chosen at start.",
          type: "integer",
          minimum: 1,
          maximum: 65535,
        },
        user: {
          description: "Login user created or renamed in the guest (default pi).",
          type: "string",
          pattern: "^[a-z_][a-z0-9_-]{0,31}$",
          default: "pi",
        },
        password: {
          description: "Password of the login user. Default: none (key login only).",
          type: "string",
        },
        authorized_keys: {
          description:
            "Public-key files installed for the login user, e.g. ~/.ssh/id_ed25519.pub. Default: none.",
          type: "array",
          items: { $ref: "#/definitions/path" },
        },
      },
    },
    hostname: {
      $ref: "#/definitions/dnsLabel",
      description: "The guest's hostname (default: the machine's name).",
    },
    cmdline: {
      description: "Extra kernel command-line parameters, appended to the built command line.",
      type: "string",
    },
    qemu: {
      $ref: "#/definitions/stringOrList",
      description: "Extra QEMU arguments: a string is split on whitespace, a list is used as is.",
    },
    disk: {
      description: "The machine's disk.",
      type: "object",
      additionalProperties: false,
      properties: {
        size: {
          $ref: "#/definitions/diskSize",
          description:
            "Grow the disk to this size: a number (MiB) or a size like 4G. SD boards round up to a power of two.",
        },
        persist: {
          description:
            "Keep the disk across `rpi down` (default false: down removes it; `down --volumes` always does).",
          type: "boolean",
          default: false,
        },
      },
    },
    healthcheck: {
      description: "When the machine counts as ready.",
      type: "object",
      additionalProperties: false,
      properties: {
        ssh: {
          description:
            "Ready when the guest's SSH banner answers on the forwarded port (default: true when ssh is enabled).",
          type: "boolean",
        },
        console: {
          description: "Ready when a console line matches this regular expression, e.g. 'login:'.",
          type: "string",
          minLength: 1,
        },
        timeout: {
          $ref: "#/definitions/duration",
          description:
            "How long to wait for readiness before failing with the last console lines (default 5m).",
        },
      },
    },
    restrict: {
      description:
        "QEMU user networking restrict=on: the guest gets no route out; forwarded ports still work (default false).",
      type: "boolean",
      default: false,
    },
  },
};
const schema13 = {
  description: "A file path: relative to the folder of rpi.yml; ~ and ${VAR} expand.",
  type: "string",
  minLength: 1,
};
const schema17 = {
  description: "Memory in MiB: a number (MiB) or a size like 512M or 1G.",
  type: ["integer", "string"],
  minimum: 1,
  pattern: "^[1-9][0-9]*([MG]i?B?)?$",
};
const schema18 = { type: ["string", "array"], items: { type: "string" } };
const schema19 = {
  description:
    "A port forward HOST:GUEST, [ADDRESS:]HOST:GUEST[/tcp|/udp], like 8080:80, 127.0.0.1:8080:80 or 5353:53/udp. The host side binds 127.0.0.1 unless an address is given.",
  type: "string",
  pattern: "^(([0-9]{1,3}\\.){3}[0-9]{1,3}:)?[0-9]{1,5}:[0-9]{1,5}(/(tcp|udp))?$",
};
const schema21 = {
  description:
    "A DNS label: lowercase letters, digits and '-', at most 63 characters, not starting or ending with '-'.",
  type: "string",
  pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
};
const schema23 = {
  description: "A size: a number (MiB) or a size like 512M, 4G or 1T.",
  type: ["integer", "string"],
  minimum: 1,
  pattern: "^[1-9][0-9]*([KMGT]i?B?)?$",
};
const schema24 = {
  description: "A duration: a number and a unit, like 500ms, 90s, 10m or 1h.",
  type: "string",
  pattern: "^[1-9][0-9]*(ms|s|m|h)$",
};
const func2 = Object.prototype.hasOwnProperty;
const func3 = runtime0.default;
const pattern1 = new RegExp("^[1-9][0-9]*([MG]i?B?)?$", "u");
const pattern2 = new RegExp(
  "^(([0-9]{1,3}\\.){3}[0-9]{1,3}:)?[0-9]{1,5}:[0-9]{1,5}(/(tcp|udp))?$",
  "u",
);
const pattern3 = new RegExp("^[a-z_][a-z0-9_-]{0,31}$", "u");
const pattern5 = new RegExp("^[1-9][0-9]*([KMGT]i?B?)?$", "u");
const pattern6 = new RegExp("^[1-9][0-9]*(ms|s|m|h)$", "u");
function validate11(
  data,
  { instancePath = "", parentData, parentDataProperty, rootData = data } = {},
) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == "object" && !Array.isArray(data)) {
    for (const key0 in data) {
      if (!func2.call(schema12.properties, key0)) {
        const err0 = {
          instancePath,
          schemaPath: "#/additionalProperties",
          keyword: "additionalProperties",
          params: { additionalProperty: key0 },
          message: "must NOT have additional properties",
        };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.image !== undefined) {
      let data0 = data.image;
      if (typeof data0 === "string") {
        if (func3(data0) < 1) {
          const err1 = {
            instancePath: instancePath + "/image",
            schemaPath: "#/definitions/path/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
          };
          if (vErrors === null) {
            vErrors = [err1];
          } else {
            vErrors.push(err1);
          }
          errors++;
        }
      } else {
        const err2 = {
          instancePath: instancePath + "/image",
          schemaPath: "#/definitions/path/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.kernel !== undefined) {
      let data1 = data.kernel;
      if (typeof data1 === "string") {
        if (func3(data1) < 1) {
          const err3 = {
            instancePath: instancePath + "/kernel",
            schemaPath: "#/definitions/path/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
          };
          if (vErrors === null) {
            vErrors = [err3];
          } else {
            vErrors.push(err3);
          }
          errors++;
        }
      } else {
        const err4 = {
          instancePath: instancePath + "/kernel",
          schemaPath: "#/definitions/path/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.dtb !== undefined) {
      let data2 = data.dtb;
      if (typeof data2 === "string") {
        if (func3(data2) < 1) {
          const err5 = {
            instancePath: instancePath + "/dtb",
            schemaPath: "#/definitions/path/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
          };
          if (vErrors === null) {
            vErrors = [err5];
          } else {
            vErrors.push(err5);
          }
          errors++;
        }
      } else {
        const err6 = {
          instancePath: instancePath + "/dtb",
          schemaPath: "#/definitions/path/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
    if (data.initrd !== undefined) {
      let data3 = data.initrd;
      if (typeof data3 === "string") {
        if (func3(data3) < 1) {
          const err7 = {
            instancePath: instancePath + "/initrd",
            schemaPath: "#/definitions/path/minLength",
            keyword: "minLength",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 characters",
          };
          if (vErrors === null) {
            vErrors = [err7];
          } else {
            vErrors.push(err7);
          }
          errors++;
        }
      } else {
        const err8 = {
          instancePath: instancePath + "/initrd",
          schemaPath: "#/definitions/path/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
    if (data.board !== undefined) {
      let data4 = data.board;
      if (!(
        data4 === "versatilepb" ||
        data4 === "raspi0" ||
        data4 === "raspi1ap" ||
        data4 === "raspi2b" ||
        data4 === "raspi3ap" ||
        data4 === "raspi3b" ||
        data4 === "raspi4b" ||
        data4 === "virt"
      )) {
        const err9 = {
          instancePath: instancePath + "/board",
          schemaPath: "#/properties/board/enum",
          keyword: "enum",
          params: { allowedValues: schema12.properties.board.enum },
          message: "must be equal to one of the allowed values",
        };
        if (vErrors === null) {
          vErrors = [err9];
        } else {
          vErrors.push(err9);
        }
        errors++;
      }
    }
    if (data.memory !== undefined) {
      let data5 = data.memory;
      if (
        !(typeof data5 == "number" && !(data5 % 1) && !isNaN(data5) && isFinite(data5)) &&
        typeof data5 !== "string"
      ) {
        const err10 = {
          instancePath: instancePath + "/memory",
          schemaPath: "#/definitions/memory/type",
          keyword: "type",
          params: { type: schema17.type },
          message: "must be integer,string",
        };
        if (vErrors === null) {
          vErrors = [err10];
        } else {
          vErrors.push(err10);
        }
        errors++;
      }
      if (typeof data5 == "number" && isFinite(data5)) {
        if (data5 < 1 || isNaN(data5)) {
          const err11 = {
            instancePath: instancePath + "/memory",
            schemaPath: "#/definitions/memory/minimum",
            keyword: "minimum",
            params: { comparison: ">=", limit: 1 },
            message: "must be >= 1",
          };
          if (vErrors === null) {
            vErrors = [err11];
          } else {
            vErrors.push(err11);
          }
          errors++;
        }
      }
      if (typeof data5 === "string") {
        if (!pattern1.test(data5)) {
          const err12 = {
            instancePath: instancePath + "/memory",
            schemaPath: "#/definitions/memory/pattern",
            keyword: "pattern",
            params: { pattern: "^[1-9][0-9]*([MG]i?B?)?$" },
            message: 'must match pattern "' + "^[1-9][0-9]*([MG]i?B?)?$" + '"',
          };
          if (vErrors === null) {
            vErrors = [err12];
          } else {
            vErrors.push(err12);
          }
          errors++;
        }
      }
    }
    if (data.cpus !== undefined) {
      let data6 = data.cpus;
      if (!(typeof data6 == "number" && !(data6 % 1) && !isNaN(data6) && isFinite(data6))) {
        const err13 = {
          instancePath: instancePath + "/cpus",
          schemaPath: "#/properties/cpus/type",
          keyword: "type",
          params: { type: "integer" },
          message: "must be integer",
        };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
      if (typeof data6 == "number" && isFinite(data6)) {
        if (data6 > 64 || isNaN(data6)) {
          const err14 = {
            instancePath: instancePath + "/cpus",
            schemaPath: "#/properties/cpus/maximum",
            keyword: "maximum",
            params: { comparison: "<=", limit: 64 },
            message: "must be <= 64",
          };
          if (vErrors === null) {
            vErrors = [err14];
          } else {
            vErrors.push(err14);
          }
          errors++;
        }
        if (data6 < 1 || isNaN(data6)) {
          const err15 = {
            instancePath: instancePath + "/cpus",
            schemaPath: "#/properties/cpus/minimum",
            keyword: "minimum",
            params: { comparison: ">=", limit: 1 },
            message: "must be >= 1",
          };
          if (vErrors === null) {
            vErrors = [err15];
          } else {
            vErrors.push(err15);
          }
          errors++;
        }
      }
    }
    if (data.graphics !== undefined) {
      if (typeof data.graphics !== "string") {
        const err16 = {
          instancePath: instancePath + "/graphics",
          schemaPath: "#/properties/graphics/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err16];
        } else {
          vErrors.push(err16);
        }
        errors++;
      }
    }
    if (data.display !== undefined) {
      let data8 = data.display;
      if (!(data8 === "none" || data8 === "vnc")) {
        const err17 = {
          instancePath: instancePath + "/display",
          schemaPath: "#/properties/display/enum",
          keyword: "enum",
          params: { allowedValues: schema12.properties.display.enum },
          message: "must be equal to one of the allowed values",
        };
        if (vErrors === null) {
          vErrors = [err17];
        } else {
          vErrors.push(err17);
        }
        errors++;
      }
    }
    if (data.command !== undefined) {
      let data9 = data.command;
      if (typeof data9 !== "string" && !Array.isArray(data9)) {
        const err18 = {
          instancePath: instancePath + "/command",
          schemaPath: "#/definitions/stringOrList/type",
          keyword: "type",
          params: { type: schema18.type },
          message: "must be string,array",
        };
        if (vErrors === null) {
          vErrors = [err18];
        } else {
          vErrors.push(err18);
        }
        errors++;
      }
      if (Array.isArray(data9)) {
        const len0 = data9.length;
        for (let i0 = 0; i0 < len0; i0++) {
          if (typeof data9[i0] !== "string") {
            const err19 = {
              instancePath: instancePath + "/command/" + i0,
              schemaPath: "#/definitions/stringOrList/items/type",
              keyword: "type",
              params: { type: "string" },
              message: "must be string",
            };
            if (vErrors === null) {
              vErrors = [err19];
            } else {
              vErrors.push(err19);
            }
            errors++;
          }
        }
      }
    }
    if (data.network !== undefined) {
      let data11 = data.network;
      if (!(data11 === "user" || data11 === "bridge")) {
        const err20 = {
          instancePath: instancePath + "/network",
          schemaPath: "#/properties/network/enum",
          keyword: "enum",
          params: { allowedValues: schema12.properties.network.enum },
          message: "must be equal to one of the allowed values",
        };
        if (vErrors === null) {
          vErrors = [err20];
        } else {
          vErrors.push(err20);
        }
        errors++;
      }
    }
    if (data.ports !== undefined) {
      let data12 = data.ports;
      if (Array.isArray(data12)) {
        const len1 = data12.length;
        for (let i1 = 0; i1 < len1; i1++) {
          let data13 = data12[i1];
          if (typeof data13 === "string") {
            if (!pattern2.test(data13)) {
              const err21 = {
                instancePath: instancePath + "/ports/" + i1,
                schemaPath: "#/definitions/port/pattern",
                keyword: "pattern",
                params: {
                  pattern: "^(([0-9]{1,3}\\.){3}[0-9]{1,3}:)?[0-9]{1,5}:[0-9]{1,5}(/(tcp|udp))?$",
                },
                message:
                  'must match pattern "' +
                  "^(([0-9]{1,3}\\.){3}[0-9]{1,3}:)?[0-9]{1,5}:[0-9]{1,5}(/(tcp|udp))?$" +
                  '"',
              };
              if (vErrors === null) {
                vErrors = [err21];
              } else {
                vErrors.push(err21);
              }
              errors++;
            }
          } else {
            const err22 = {
              instancePath: instancePath + "/ports/" + i1,
              schemaPath: "#/definitions/port/type",
              keyword: "type",
              params: { type: "string" },
              message: "must be string",
            };
            if (vErrors === null) {
              vErrors = [err22];
            } else {
              vErrors.push(err22);
            }
            errors++;
          }
        }
      } else {
        const err23 = {
          instancePath: instancePath + "/ports",
          schemaPath: "#/properties/ports/type",
          keyword: "type",
          params: { type: "array" },
          message: "must be array",
        };
        if (vErrors === null) {
          vErrors = [err23];
        } else {
          vErrors.push(err23);
        }
        errors++;
      }
    }
    if (data.ssh !== undefined) {
      let data14 = data.ssh;
      if (data14 && typeof data14 == "object" && !Array.isArray(data14)) {
        for (const key1 in data14) {
          if (!(
            key1 === "enable" ||
            key1 === "port" ||
            key1 === "user" ||
            key1 === "password" ||
            key1 === "authorized_keys"
          )) {
            const err24 = {
              instancePath: instancePath + "/ssh",
              schemaPath: "#/properties/ssh/additionalProperties",
              keyword: "additionalProperties",
              params: { additionalProperty: key1 },
              message: "must NOT have additional properties",
            };
            if (vErrors === null) {
              vErrors = [err24];
            } else {
              vErrors.push(err24);
            }
            errors++;
          }
        }
        if (data14.enable !== undefined) {
          if (typeof data14.enable !== "boolean") {
            const err25 = {
              instancePath: instancePath + "/ssh/enable",
              schemaPath: "#/properties/ssh/properties/enable/type",
              keyword: "type",
              params: { type: "boolean" },
              message: "must be boolean",
            };
            if (vErrors === null) {
              vErrors = [err25];
            } else {
              vErrors.push(err25);
            }
            errors++;
          }
        }
        if (data14.port !== undefined) {
          let data16 = data14.port;
          if (!(typeof data16 == "number" && !(data16 % 1) && !isNaN(data16) && isFinite(data16))) {
            const err26 = {
              instancePath: instancePath + "/ssh/port",
              schemaPath: "#/properties/ssh/properties/port/type",
              keyword: "type",
              params: { type: "integer" },
              message: "must be integer",
            };
            if (vErrors === null) {
              vErrors = [err26];
            } else {
              vErrors.push(err26);
            }
            errors++;
          }
          if (typeof data16 == "number" && isFinite(data16)) {
            if (data16 > 65535 || isNaN(data16)) {
              const err27 = {
                instancePath: instancePath + "/ssh/port",
                schemaPath: "#/properties/ssh/properties/port/maximum",
                keyword: "maximum",
                params: { comparison: "<=", limit: 65535 },
                message: "must be <= 65535",
              };
              if (vErrors === null) {
                vErrors = [err27];
              } else {
                vErrors.push(err27);
              }
              errors++;
            }
            if (data16 < 1 || isNaN(data16)) {
              const err28 = {
                instancePath: instancePath + "/ssh/port",
                schemaPath: "#/properties/ssh/properties/port/minimum",
                keyword: "minimum",
                params: { comparison: ">=", limit: 1 },
                message: "must be >= 1",
              };
              if (vErrors === null) {
                vErrors = [err28];
              } else {
                vErrors.push(err28);
              }
              errors++;
            }
          }
        }
        if (data14.user !== undefined) {
          let data17 = data14.user;
          if (typeof data17 === "string") {
            if (!pattern3.test(data17)) {
              const err29 = {
                instancePath: instancePath + "/ssh/user",
                schemaPath: "#/properties/ssh/properties/user/pattern",
                keyword: "pattern",
                params: { pattern: "^[a-z_][a-z0-9_-]{0,31}$" },
                message: 'must match pattern "' + "^[a-z_][a-z0-9_-]{0,31}$" + '"',
              };
              if (vErrors === null) {
                vErrors = [err29];
              } else {
                vErrors.push(err29);
              }
              errors++;
            }
          } else {
            const err30 = {
              instancePath: instancePath + "/ssh/user",
              schemaPath: "#/properties/ssh/properties/user/type",
              keyword: "type",
              params: { type: "string" },
              message: "must be string",
            };
            if (vErrors === null) {
              vErrors = [err30];
            } else {
              vErrors.push(err30);
            }
            errors++;
          }
        }
        if (data14.password !== undefined) {
          if (typeof data14.password !== "string") {
            const err31 = {
              instancePath: instancePath + "/ssh/password",
              schemaPath: "#/properties/ssh/properties/password/type",
              keyword: "type",
              params: { type: "string" },
              message: "must be string",
            };
            if (vErrors === null) {
              vErrors = [err31];
            } else {
              vErrors.push(err31);
            }
            errors++;
          }
        }
        if (data14.authorized_keys !== undefined) {
          let data19 = data14.authorized_keys;
          if (Array.isArray(data19)) {
            const len2 = data19.length;
            for (let i2 = 0; i2 < len2; i2++) {
              let data20 = data19[i2];
              if (typeof data20 === "string") {
                if (func3(data20) < 1) {
                  const err32 = {
                    instancePath: instancePath + "/ssh/authorized_keys/" + i2,
                    schemaPath: "#/definitions/path/minLength",
                    keyword: "minLength",
                    params: { limit: 1 },
                    message: "must NOT have fewer than 1 characters",
                  };
                  if (vErrors === null) {
                    vErrors = [err32];
                  } else {
                    vErrors.push(err32);
                  }
                  errors++;
                }
              } else {
                const err33 = {
                  instancePath: instancePath + "/ssh/authorized_keys/" + i2,
                  schemaPath: "#/definitions/path/type",
                  keyword: "type",
                  params: { type: "string" },
                  message: "must be string",
                };
                if (vErrors === null) {
                  vErrors = [err33];
                } else {
                  vErrors.push(err33);
                }
                errors++;
              }
            }
          } else {
            const err34 = {
              instancePath: instancePath + "/ssh/authorized_keys",
              schemaPath: "#/properties/ssh/properties/authorized_keys/type",
              keyword: "type",
              params: { type: "array" },
              message: "must be array",
            };
            if (vErrors === null) {
              vErrors = [err34];
            } else {
              vErrors.push(err34);
            }
            errors++;
          }
        }
      } else {
        const err35 = {
          instancePath: instancePath + "/ssh",
          schemaPath: "#/properties/ssh/type",
          keyword: "type",
          params: { type: "object" },
          message: "must be object",
        };
        if (vErrors === null) {
          vErrors = [err35];
        } else {
          vErrors.push(err35);
        }
        errors++;
      }
    }
    if (data.hostname !== undefined) {
      let data21 = data.hostname;
      if (typeof data21 === "string") {
        if (!pattern4.test(data21)) {
          const err36 = {
            instancePath: instancePath + "/hostname",
            schemaPath: "#/definitions/dnsLabel/pattern",
            keyword: "pattern",
            params: { pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$" },
            message: 'must match pattern "' + "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$" + '"',
          };
          if (vErrors === null) {
            vErrors = [err36];
          } else {
            vErrors.push(err36);
          }
          errors++;
        }
      } else {
        const err37 = {
          instancePath: instancePath + "/hostname",
          schemaPath: "#/definitions/dnsLabel/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err37];
        } else {
          vErrors.push(err37);
        }
        errors++;
      }
    }
    if (data.cmdline !== undefined) {
      if (typeof data.cmdline !== "string") {
        const err38 = {
          instancePath: instancePath + "/cmdline",
          schemaPath: "#/properties/cmdline/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err38];
        } else {
          vErrors.push(err38);
        }
        errors++;
      }
    }
    if (data.qemu !== undefined) {
      let data23 = data.qemu;
      if (typeof data23 !== "string" && !Array.isArray(data23)) {
        const err39 = {
          instancePath: instancePath + "/qemu",
          schemaPath: "#/definitions/stringOrList/type",
          keyword: "type",
          params: { type: schema18.type },
          message: "must be string,array",
        };
        if (vErrors === null) {
          vErrors = [err39];
        } else {
          vErrors.push(err39);
        }
        errors++;
      }
      if (Array.isArray(data23)) {
        const len3 = data23.length;
        for (let i3 = 0; i3 < len3; i3++) {
          if (typeof data23[i3] !== "string") {
            const err40 = {
              instancePath: instancePath + "/qemu/" + i3,
              schemaPath: "#/definitions/stringOrList/items/type",
              keyword: "type",
              params: { type: "string" },
              message: "must be string",
            };
            if (vErrors === null) {
              vErrors = [err40];
            } else {
              vErrors.push(err40);
            }
            errors++;
          }
        }
      }
    }
    if (data.disk !== undefined) {
      let data25 = data.disk;
      if (data25 && typeof data25 == "object" && !Array.isArray(data25)) {
        for (const key2 in data25) {
          if (!(key2 === "size" || key2 === "persist")) {
            const err41 = {
              instancePath: instancePath + "/disk",
              schemaPath: "#/properties/disk/additionalProperties",
              keyword: "additionalProperties",
              params: { additionalProperty: key2 },
              message: "must NOT have additional properties",
            };
            if (vErrors === null) {
              vErrors = [err41];
            } else {
              vErrors.push(err41);
            }
            errors++;
          }
        }
        if (data25.size !== undefined) {
          let data26 = data25.size;
          if (
            !(typeof data26 == "number" && !(data26 % 1) && !isNaN(data26) && isFinite(data26)) &&
            typeof data26 !== "string"
          ) {
            const err42 = {
              instancePath: instancePath + "/disk/size",
              schemaPath: "#/definitions/diskSize/type",
              keyword: "type",
              params: { type: schema23.type },
              message: "must be integer,string",
            };
            if (vErrors === null) {
              vErrors = [err42];
            } else {
              vErrors.push(err42);
            }
            errors++;
          }
          if (typeof data26 == "number" && isFinite(data26)) {
            if (data26 < 1 || isNaN(data26)) {
              const err43 = {
                instancePath: instancePath + "/disk/size",
                schemaPath: "#/definitions/diskSize/minimum",
                keyword: "minimum",
                params: { comparison: ">=", limit: 1 },
                message: "must be >= 1",
              };
              if (vErrors === null) {
                vErrors = [err43];
              } else {
                vErrors.push(err43);
              }
              errors++;
            }
          }
          if (typeof data26 === "string") {
            if (!pattern5.test(data26)) {
              const err44 = {
                instancePath: instancePath + "/disk/size",
                schemaPath: "#/definitions/diskSize/pattern",
                keyword: "pattern",
                params: { pattern: "^[1-9][0-9]*([KMGT]i?B?)?$" },
                message: 'must match pattern "' + "^[1-9][0-9]*([KMGT]i?B?)?$" + '"',
              };
              if (vErrors === null) {
                vErrors = [err44];
              } else {
                vErrors.push(err44);
              }
              errors++;
            }
          }
        }
        if (data25.persist !== undefined) {
          if (typeof data25.persist !== "boolean") {
            const err45 = {
              instancePath: instancePath + "/disk/persist",
              schemaPath: "#/properties/disk/properties/persist/type",
              keyword: "type",
              params: { type: "boolean" },
              message: "must be boolean",
            };
            if (vErrors === null) {
              vErrors = [err45];
            } else {
              vErrors.push(err45);
            }
            errors++;
          }
        }
      } else {
        const err46 = {
          instancePath: instancePath + "/disk",
          schemaPath: "#/properties/disk/type",
          keyword: "type",
          params: { type: "object" },
          message: "must be object",
        };
        if (vErrors === null) {
          vErrors = [err46];
        } else {
          vErrors.push(err46);
        }
        errors++;
      }
    }
    if (data.healthcheck !== undefined) {
      let data28 = data.healthcheck;
      if (data28 && typeof data28 == "object" && !Array.isArray(data28)) {
        for (const key3 in data28) {
          if (!(key3 === "ssh" || key3 === "console" || key3 === "timeout")) {
            const err47 = {
              instancePath: instancePath + "/healthcheck",
              schemaPath: "#/properties/healthcheck/additionalProperties",
              keyword: "additionalProperties",
              params: { additionalProperty: key3 },
              message: "must NOT have additional properties",
            };
            if (vErrors === null) {
              vErrors = [err47];
            } else {
              vErrors.push(err47);
            }
            errors++;
          }
        }
        if (data28.ssh !== undefined) {
          if (typeof data28.ssh !== "boolean") {
            const err48 = {
              instancePath: instancePath + "/healthcheck/ssh",
              schemaPath: "#/properties/healthcheck/properties/ssh/type",
              keyword: "type",
              params: { type: "boolean" },
              message: "must be boolean",
            };
            if (vErrors === null) {
              vErrors = [err48];
            } else {
              vErrors.push(err48);
            }
            errors++;
          }
        }
        if (data28.console !== undefined) {
          let data30 = data28.console;
          if (typeof data30 === "string") {
            if (func3(data30) < 1) {
              const err49 = {
                instancePath: instancePath + "/healthcheck/console",
                schemaPath: "#/properties/healthcheck/properties/console/minLength",
                keyword: "minLength",
                params: { limit: 1 },
                message: "must NOT have fewer than 1 characters",
              };
              if (vErrors === null) {
                vErrors = [err49];
              } else {
                vErrors.push(err49);
              }
              errors++;
            }
          } else {
            const err50 = {
              instancePath: instancePath + "/healthcheck/console",
              schemaPath: "#/properties/healthcheck/properties/console/type",
              keyword: "type",
              params: { type: "string" },
              message: "must be string",
            };
            if (vErrors === null) {
              vErrors = [err50];
            } else {
              vErrors.push(err50);
            }
            errors++;
          }
        }
        if (data28.timeout !== undefined) {
          let data31 = data28.timeout;
          if (typeof data31 === "string") {
            if (!pattern6.test(data31)) {
              const err51 = {
                instancePath: instancePath + "/healthcheck/timeout",
                schemaPath: "#/definitions/duration/pattern",
                keyword: "pattern",
                params: { pattern: "^[1-9][0-9]*(ms|s|m|h)$" },
                message: 'must match pattern "' + "^[1-9][0-9]*(ms|s|m|h)$" + '"',
              };
              if (vErrors === null) {
                vErrors = [err51];
              } else {
                vErrors.push(err51);
              }
              errors++;
            }
          } else {
            const err52 = {
              instancePath: instancePath + "/healthcheck/timeout",
              schemaPath: "#/definitions/duration/type",
              keyword: "type",
              params: { type: "string" },
              message: "must be string",
            };
            if (vErrors === null) {
              vErrors = [err52];
            } else {
              vErrors.push(err52);
            }
            errors++;
          }
        }
      } else {
        const err53 = {
          instancePath: instancePath + "/healthcheck",
          schemaPath: "#/properties/healthcheck/type",
          keyword: "type",
          params: { type: "object" },
          message: "must be object",
        };
        if (vErrors === null) {
          vErrors = [err53];
        } else {
          vErrors.push(err53);
        }
        errors++;
      }
    }
    if (data.restrict !== undefined) {
      if (typeof data.restrict !== "boolean") {
        const err54 = {
          instancePath: instancePath + "/restrict",
          schemaPath: "#/properties/restrict/type",
          keyword: "type",
          params: { type: "boolean" },
          message: "must be boolean",
        };
        if (vErrors === null) {
          vErrors = [err54];
        } else {
          vErrors.push(err54);
        }
        errors++;
      }
    }
  } else {
    const err55 = {
      instancePath,
      schemaPath: "#/type",
      keyword: "type",
      params: { type: "object" },
      message: "must be object",
    };
    if (vErrors === null) {
      vErrors = [err55];
    } else {
      vErrors.push(err55);
    }
    errors++;
  }
  validate11.errors = vErrors;
  return errors === 0;
}
function validate10(
  data,
  { instancePath = "", parentData, parentDataProperty, rootData = data } = {},
) {
  /*# sourceURL="urn:rpi:schema:rpi.yml" */ let vErrors = null;
  let errors = 0;
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data.machines === undefined) {
      const err0 = {
        instancePath,
        schemaPath: "#/required",
        keyword: "required",
        params: { missingProperty: "machines" },
        message: "must have required property '" + "machines" + "'",
      };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === "name" || key0 === "internal" || key0 === "defaults" || key0 === "machines")) {
        const err1 = {
          instancePath,
          schemaPath: "#/additionalProperties",
          keyword: "additionalProperties",
          params: { additionalProperty: key0 },
          message: "must NOT have additional properties",
        };
        if (vErrors === null) {
          vErrors = [err1];
        } else {
          vErrors.push(err1);
        }
        errors++;
      }
    }
    if (data.name !== undefined) {
      let data0 = data.name;
      if (typeof data0 === "string") {
        if (!pattern0.test(data0)) {
          const err2 = {
            instancePath: instancePath + "/name",
            schemaPath: "#/properties/name/pattern",
            keyword: "pattern",
            params: { pattern: "^[a-z0-9][a-z0-9_-]*$" },
            message: 'must match pattern "' + "^[a-z0-9][a-z0-9_-]*$" + '"',
          };
          if (vErrors === null) {
            vErrors = [err2];
          } else {
            vErrors.push(err2);
          }
          errors++;
        }
      } else {
        const err3 = {
          instancePath: instancePath + "/name",
          schemaPath: "#/properties/name/type",
          keyword: "type",
          params: { type: "string" },
          message: "must be string",
        };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.internal !== undefined) {
      if (typeof data.internal !== "boolean") {
        const err4 = {
          instancePath: instancePath + "/internal",
          schemaPath: "#/properties/internal/type",
          keyword: "type",
          params: { type: "boolean" },
          message: "must be boolean",
        };
        if (vErrors === null) {
          vErrors = [err4];
        } else {
          vErrors.push(err4);
        }
        errors++;
      }
    }
    if (data.defaults !== undefined) {
      if (
        !validate11(data.defaults, {
          instancePath: instancePath + "/defaults",
          parentData: data,
          parentDataProperty: "defaults",
          rootData,
        })
      ) {
        vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
        errors = vErrors.length;
      }
    }
    if (data.machines !== undefined) {
      let data3 = data.machines;
      if (data3 && typeof data3 == "object" && !Array.isArray(data3)) {
        if (Object.keys(data3).length < 1) {
          const err5 = {
            instancePath: instancePath + "/machines",
            schemaPath: "#/properties/machines/minProperties",
            keyword: "minProperties",
            params: { limit: 1 },
            message: "must NOT have fewer than 1 properties",
          };
          if (vErrors === null) {
            vErrors = [err5];
          } else {
            vErrors.push(err5);
          }
          errors++;
        }
        for (const key1 in data3) {
          const _errs9 = errors;
          if (typeof key1 === "string") {
            if (!pattern4.test(key1)) {
              const err6 = {
                instancePath: instancePath + "/machines",
                schemaPath: "#/properties/machines/propertyNames/pattern",
                keyword: "pattern",
                params: { pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$" },
                message: 'must match pattern "' + "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$" + '"',
                propertyName: key1,
              };
              if (vErrors === null) {
                vErrors = [err6];
              } else {
                vErrors.push(err6);
              }
              errors++;
            }
          }
          var valid1 = _errs9 === errors;
          if (!valid1) {
            const err7 = {
              instancePath: instancePath + "/machines",
              schemaPath: "#/properties/machines/propertyNames",
              keyword: "propertyNames",
              params: { propertyName: key1 },
              message: "property name must be valid",
            };
            if (vErrors === null) {
              vErrors = [err7];
            } else {
              vErrors.push(err7);
            }
            errors++;
          }
        }
        for (const key2 in data3) {
          if (
            !validate11(data3[key2], {
              instancePath:
                instancePath + "/machines/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),
              parentData: data3,
              parentDataProperty: key2,
              rootData,
            })
          ) {
            vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
            errors = vErrors.length;
          }
        }
      } else {
        const err8 = {
          instancePath: instancePath + "/machines",
          schemaPath: "#/properties/machines/type",
          keyword: "type",
          params: { type: "object" },
          message: "must be object",
        };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
  } else {
    const err9 = {
      instancePath,
      schemaPath: "#/type",
      keyword: "type",
      params: { type: "object" },
      message: "must be object",
    };
    if (vErrors === null) {
      vErrors = [err9];
    } else {
      vErrors.push(err9);
    }
    errors++;
  }
  validate10.errors = vErrors;
  return errors === 0;
}
