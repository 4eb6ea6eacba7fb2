import type { Command } from "commander";
import { quickReadiness } from "../../execute/readiness.js";
import { formatStatusTable } from "../../report/format-status.js";
import { machineStatuses } from "../../report/machine-status.js";
import { observe } from "../../runtime/observe.js";
import { startEarlyBanners } from "../../execute/early-readiness.js";
import { loadOptions } from "../project-options.js";
import { openProject } from "../project-session.js";

/** The `rpi status` action; loaded only when this verb runs, so other verbs start fast. */
export async function statusAction(flags: { json?: boolean }, command: Command): Promise<void> {
  const { runtime: kind } = command.optsWithGlobals<{ runtime?: string }>();
  // The guests' banners are read while rpi.yml loads: each guest takes as long to answer as the load.
  const early = kind === "local" ? undefined : startEarlyBanners(loadOptions(command));
  const { config, runtime } = await openProject(command);
  const guessed = await early;
  const banners =
    guessed?.project === config.name && runtime.kind === "docker" ? guessed.banners : undefined;
  try {
    const observed = await observe(runtime, config, quickReadiness(runtime, config.name, banners));
    const rows = machineStatuses(config, observed.machines, new Date());
    process.stdout.write(
      flags.json
        ? `${JSON.stringify({ project: config.name, runtime: runtime.kind, machines: rows }, null, 2)}\n`
        : formatStatusTable(rows),
    );
  } finally {
    guessed?.held.release();
  }
}
