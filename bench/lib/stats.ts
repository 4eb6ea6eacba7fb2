/** Median, spread and count of a list of samples. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/**
 * The median (mean of the middle two for an even count), min and max of samples; NaN when empty.
 * Unknown samples (NaN) are left out, and `n` counts the known ones.
 */
export function summarize(samples: readonly number[]): Summary {
  const sorted = samples.filter((sample) => !Number.isNaN(sample)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { median: NaN, min: NaN, max: NaN, n };
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[n - 1], n };
}

/**
 * A ratio figure from paired samples (same repetition, run back to back): the headline is the
 * ratio of the medians; the spread is the range of the per-pair ratios.
 */
export function ratio(numerator: readonly number[], denominator: readonly number[]): Summary {
  const pairs = Math.min(numerator.length, denominator.length);
  const perPair: number[] = [];
  for (let i = 0; i < pairs; i++) perPair.push(numerator[i] / denominator[i]);
  const spread = summarize(perPair);
  return { ...spread, median: summarize(numerator).median / summarize(denominator).median };
}
