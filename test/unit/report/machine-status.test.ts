import { strict as assert } from "node:assert";
import type { ObservedMachine } from "../../../src/plan/observed.js";
import { machineStatuses } from "../../../src/report/machine-status.js";
import { formatDuration, formatStatusTable } from "../../../src/report/format-status.js";
import { machineConfig, projectConfig } from "../../support/machine-config.js";

const now = new Date("2026-01-01T12:00:00Z");
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);

function observed(machine: string, overrides: Partial<ObservedMachine> = {}): ObservedMachine {
  return {
    machine,
    state: "running",
    configHash: "h",
    hashedFields: {},
    board: "virt",
    sshUser: "pi",
    ports: [{ hostIp: "127.0.0.1", hostPort: 40022, guestPort: 22, protocol: "tcp" }],
    startedAt: secondsAgo(75),
    ready: true,
    ...overrides,
  };
}

describe("machineStatuses", () => {
  const config = projectConfig([
    machineConfig("web", { healthcheck: { ssh: true, timeoutMs: 60_000 } }),
    machineConfig("db"),
  ]);

  it("says ready, with board, SSH endpoint, other ports and uptime, for a running machine that answered", () => {
    const http = { hostIp: "127.0.0.1", hostPort: 8080, guestPort: 80, protocol: "tcp" as const };
    const [web] = machineStatuses(
      config,
      [observed("web", { ports: [...observed("web").ports, http] })],
      now,
    );
    assert.deepEqual(web, {
      machine: "web",
      state: "ready",
      exitCode: undefined,
      board: "virt",
      ssh: { host: "127.0.0.1", port: 40022, user: "pi" },
      ports: [http],
      uptimeSeconds: 75,
      inFile: true,
    });
  });

  it("says booting while a machine has not answered within its timeout, unhealthy after", () => {
    const states = (startedSecondsAgo: number) =>
      machineStatuses(
        config,
        [observed("web", { ready: false, startedAt: secondsAgo(startedSecondsAgo) })],
        now,
      )[0].state;
    assert.equal(states(30), "booting");
    assert.equal(states(61), "unhealthy");
  });

  it("says missing for a machine of the file that has no container, and exited with the code of a dead one", () => {
    const rows = machineStatuses(
      config,
      [
        observed("web", {
          state: "exited",
          exitCode: 137,
          ready: false,
          startedAt: undefined,
          ports: [],
        }),
      ],
      now,
    );
    assert.deepEqual(
      rows.map((row) => [row.machine, row.state, row.exitCode, row.ssh, row.uptimeSeconds]),
      [
        ["web", "exited", 137, undefined, undefined],
        ["db", "missing", undefined, undefined, undefined],
      ],
    );
  });

  it("lists a machine that is no longer in the file last, as an orphan", () => {
    const rows = machineStatuses(config, [observed("old"), observed("web")], now);
    assert.deepEqual(
      rows.map((row) => [row.machine, row.inFile]),
      [
        ["web", true],
        ["db", true],
        ["old", false],
      ],
    );
  });

  it("reports created and paused containers as such", () => {
    const rows = machineStatuses(
      config,
      [
        observed("web", { state: "created", ready: false }),
        observed("db", { state: "paused", ready: false }),
      ],
      now,
    );
    assert.deepEqual(
      rows.map((row) => row.state),
      ["created", "paused"],
    );
  });
});

describe("formatStatusTable", () => {
  it("prints one aligned row per machine, exit codes and orphans marked", () => {
    const config = projectConfig([machineConfig("web"), machineConfig("database")]);
    const rows = machineStatuses(
      config,
      [
        observed("web"),
        observed("database", {
          state: "exited",
          exitCode: 137,
          ready: false,
          ports: [],
          startedAt: undefined,
        }),
        observed("old", { ports: [], startedAt: secondsAgo(3700) }),
      ],
      now,
    );
    assert.equal(
      formatStatusTable(rows),
      [
        "MACHINE       STATE         BOARD  SSH                 PORTS  UPTIME",
        "web           ready         virt   pi@127.0.0.1:40022  -      1m15s",
        "database      exited (137)  virt   -                   -      -",
        "old (orphan)  ready         virt   -                   -      1h1m",
        "",
      ].join("\n"),
    );
  });
});

describe("formatDuration", () => {
  it("writes seconds, minutes and hours the short way", () => {
    assert.deepEqual([0, 59, 60, 75, 3599, 3600, 3700].map(formatDuration), [
      "0s",
      "59s",
      "1m0s",
      "1m15s",
      "59m59s",
      "1h0m",
      "1h1m",
    ]);
  });
});
