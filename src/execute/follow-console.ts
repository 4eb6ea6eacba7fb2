import type { Runtime } from "../runtime/runtime.js";

export interface FollowedConsole {
  /** The last line the guest printed since following began ("" before any). */
  lastLine(): string;
  /**
   * True while the console is being followed. Both runtimes end the stream when the machine stops,
   * so while this holds the machine runs and nobody needs to ask the engine.
   */
  following(): boolean;
  stop(): void;
}

/**
 * Follows a machine's console from now on, calling `onLines` with each batch of whole lines it prints.
 * Only progress and pacing depend on it: a console that can't be followed reads as a silent one.
 */
export async function followConsole(
  runtime: Runtime,
  project: string,
  machine: string,
  onLines: (lines: string[]) => void,
): Promise<FollowedConsole> {
  const stream = await runtime
    .logs(project, machine, { follow: true, tail: 0 })
    .catch(() => undefined);
  let last = "";
  let partial = "";
  let open = stream !== undefined;
  const ended = () => {
    open = false;
  };
  stream?.on("data", (chunk: Buffer | string) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    const complete = lines.map((line) => line.trim()).filter((line) => line !== "");
    if (complete.length === 0) return;
    last = complete[complete.length - 1];
    onLines(complete);
  });
  stream?.on("error", ended);
  stream?.on("end", ended);
  stream?.on("close", ended);
  return {
    lastLine: () => last,
    following: () => open,
    stop: () => stream?.destroy(),
  };
}
