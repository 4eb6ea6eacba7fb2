import type { Probe } from "./probe.js";

/**
 * A probe that is ready when the guest's console log matches `pattern`
 * (e.g. the test image's `rpi-testimage: ready`, or a login prompt as the old tool waited for).
 */
export function consolePatternProbe(getLog: () => Promise<string>, pattern: RegExp): Probe {
  return {
    describe: `console output matching ${pattern}`,
    async check() {
      const match = pattern.exec(await getLog());
      return match
        ? { ready: true, detail: `console printed ${JSON.stringify(match[0])}` }
        : { ready: false, detail: `console has not printed ${pattern} yet` };
    },
  };
}
