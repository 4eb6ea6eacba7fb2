/**
 * Pure: whether `ssh` should be run again. A guest whose sshd has just started (a slow board, right
 * after `rpi up`) can close a connection before it sends its identification; nothing ran on the
 * guest then, so trying again is safe. Anything else — a failed command, a refused key — is final.
 */
export function sshTurnedAway(exitCode: number | undefined, stderr: string): boolean {
  return (
    exitCode === 255 &&
    /kex_exchange_identification: (Connection closed by remote host|read: Connection reset by peer)/.test(
      stderr,
    )
  );
}

/** Attempts in all, and the pause between them: a new sshd settles within a second or two. */
export const SSH_ATTEMPTS = 4;
export const SSH_RETRY_PAUSE_MS = 750;
