/**
 * Where a whole-process time goes, from several session lengths at one sample rate: the least-squares line
 * time = fixed + samples × perSample. The fixed part is what every run pays whatever its length (Node's start-up,
 * loading the code, compiling it, the analysis' set-up and its warm-up); the slope is the cost each further sample
 * adds once all that is paid. Fitted to the end-to-end runs and to the read floor, the two lines say how much of a
 * target's time budget is gone before the analysis has done any per-sample work.
 */

/** One measured run: its samples and its time, s. */
export interface TimedRun {
  samples: number;
  seconds: number;
}

export interface CostModel {
  /** Time at zero samples, s (the intercept). */
  fixed_s: number;
  /** Time each sample adds, s (the slope). */
  perSample_s: number;
  /** Runs fitted. */
  runs: number;
}

/**
 * Least-squares fit of seconds = fixed_s + samples × perSample_s. Null with fewer than two distinct sample counts
 * (no line through one point) or a slope that is not positive (times that fall as sessions grow say more about
 * the machine's load than about the code).
 */
export function costModel(runs: readonly TimedRun[]): CostModel | null {
  const n = runs.length;
  if (n < 2) return null;
  let mx = 0, my = 0;
  for (const r of runs) {
    mx += r.samples / n;
    my += r.seconds / n;
  }
  let sxx = 0, sxy = 0;
  for (const r of runs) {
    sxx += (r.samples - mx) ** 2;
    sxy += (r.samples - mx) * (r.seconds - my);
  }
  if (!(sxx > 0)) return null;
  const perSample_s = sxy / sxx;
  if (!(perSample_s > 0)) return null;
  return { fixed_s: my - perSample_s * mx, perSample_s, runs: n };
}
