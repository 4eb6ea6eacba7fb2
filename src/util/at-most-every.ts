/**
 * Wraps an async check so it runs at most once per `intervalMs`; calls in between answer
 * `between` at once. For checks that are cheap to skip but cost an engine call to make.
 */
export function atMostEvery<T>(
  intervalMs: number,
  check: () => Promise<T>,
  between: T,
  now: () => number = () => performance.now(),
): () => Promise<T> {
  let last = -Infinity;
  return () => {
    if (now() - last < intervalMs) return Promise.resolve(between);
    last = now();
    return check();
  };
}
