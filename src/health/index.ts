/** Readiness: probes (SSH banner, console pattern) and one retry loop with a replaceable clock. */
export { realClock, type Clock } from "./clock.js";
export { consolePatternProbe } from "./console-pattern.js";
export type { Probe, ProbeOutcome } from "./probe.js";
export { readSshBanner, sshBannerProbe } from "./ssh-banner.js";
export { isKernelMessage } from "./banner-pace.js";
export { sshBannerWatch, type SshBannerWatch } from "./ssh-banner-watch.js";
export { waitUntilReady, type WaitOptions, type WaitResult } from "./wait-until-ready.js";
