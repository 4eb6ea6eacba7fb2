/** The result of one readiness check; `detail` says what was seen, for progress and failures. */
export interface ProbeOutcome {
  ready: boolean;
  detail: string;
}

/** One way of asking whether a guest is ready, checked repeatedly by waitUntilReady(). */
export interface Probe {
  /** What is waited for, e.g. "SSH banner on 127.0.0.1:2222". */
  describe: string;
  check(): Promise<ProbeOutcome>;
}
