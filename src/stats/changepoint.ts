/**
 * One abrupt shift in the mean of a short series of window summaries (typically per-minute means of a metric over a
 * run): where it is, how big, and whether it stands out from autocorrelated noise.
 *
 * Steps of {@link singleChangePoint}:
 * 1. Drop non-finite windows (NaN = a minute without data); indices in the result refer to the input.
 * 2. Location: the least-squares split k̂ (Bai 1994): among splits leaving ≥ minSegment windows on each side, the one
 *    maximising the between-segment contrast k(n − k)/n · (x̄_after − x̄_before)², i.e. the Gaussian maximum-likelihood
 *    single mean shift.
 * 3. Statistic: the CUSUM Q = max_k |S_k − (k/n)·S_n| / (σ̂_LR·√n) over the same splits (Page 1954; Csörgő &
 *    Horváth 1997, ch. 1–2), S_k = x_0 + … + x_{k−1}. σ̂²_LR is the long-run variance of the residuals about the two
 *    segment means at k̂ (so a real shift does not inflate it), AR(1)-prewhitened: σ̂²_LR = σ̂²_v / (1 − ρ̂)²,
 *    v_i = e_i − ρ̂·e_{i−1}, ρ̂ ∈ [0, 0.97] (Andrews & Monahan 1992; the clamp at 0 is ours, as in trend.ts).
 * 4. Significance by a parametric AR(1) bootstrap under the null of no change: fit AR(1) to the series about its
 *    overall mean, ρ̂₀ corrected for its small-sample bias, ρ̃ = ρ̂₀ + (1 + 3ρ̂₀)/n (Kendall 1954; Marriott & Pope
 *    1954), simulate R stationary Gaussian AR(1) series of the same length, recompute Q on each (steps 2–3, same
 *    trimming), p = (1 + #{Q* ≥ Q}) / (R + 1) (Davison & Hinkley 1997, ch. 4). Q is scale-free, so only ρ̃ matters.
 *
 * Why this calibration: the asymptotic Brownian-bridge critical value (1.358, the 95 % point of sup|B(t)|) with an
 * estimated long-run variance flagged 12–37 % of stationary AR(1) φ = 0.5 series of 20–60 windows in our
 * simulation (2000 replications). With the null-model bootstrap (minSegment 5, 500 replications per cell) the
 * false-positive rate was 2.2–6.6 % for φ ∈ {0, 0.5, 0.8} and n ∈ {20, 30, 60, 120}. The price is power in short
 * series, because the step itself raises ρ̂₀: a step of 2 / 3 / 4 marginal SDs at 60 % of an AR(1) φ = 0.5 series
 * was flagged in 75 / 86 / 93 % of 60-window series but 24 / 43 / 59 % of 30-window ones.
 *
 * What it does not detect: more than one change (it reports the dominant split only; no PELT/binary segmentation),
 * gradual drifts (a ramp is reported as a step near its middle and may be flagged — use linearTrend for slopes),
 * changes in variance or autocorrelation, and changes within minSegment windows of either end.
 *
 * References:
 * - Page ES (1954) Continuous inspection schemes. Biometrika 41:100–115.
 * - Bai J (1994) Least squares estimation of a shift in linear processes. J Time Ser Anal 15:453–472.
 * - Csörgő M, Horváth L (1997) Limit Theorems in Change-Point Analysis. Wiley.
 * - Kendall MG (1954) Note on bias in the estimation of autocorrelation. Biometrika 41:403–404.
 * - Marriott FHC, Pope JA (1954) Bias in the estimation of autocorrelations. Biometrika 41:390–402.
 * - Andrews DWK, Monahan JC (1992) An improved HAC covariance matrix estimator. Econometrica 60:953–966.
 * - Davison AC, Hinkley DV (1997) Bootstrap Methods and their Application. Cambridge University Press.
 */
import { Rng } from "../core/math/rng.js";
import { type StatsKernel, statsKernel } from "./kernel.js";

/** Default minimum windows on each side of the split (ours: 5 windows = 5 minutes of per-minute means). */
export const DEFAULT_MIN_SEGMENT = 5;

/** Default bootstrap replicates R; α·(R + 1) is an integer for α = 0.05 and 0.01 (Davison & Hinkley 1997, ch. 4). */
export const DEFAULT_REPLICATES = 499;

/**
 * Exceedances after which the sequential test stops, reporting p = h / r (Besag & Clifford 1991 suggest h = 10–20;
 * their sequential p-value is itself valid, so the level of the test is kept).
 */
export const SEQUENTIAL_H = 10;

/** Default significance level of the test. */
export const DEFAULT_ALPHA = 0.05;

/** Default RNG seed (reproducible p-values). */
export const DEFAULT_CHANGEPOINT_SEED = 20_240_602;

/** Fewer finite windows than this → null (ours: the AR(1) null model needs some length to be fitted). */
export const MIN_N_FOR_CHANGEPOINT = 10;

/** AR(1) coefficients are kept within ±this (Andrews & Monahan 1992 bound prewhitening coefficients at 0.97). */
const RHO_MAX = 0.97;

export interface ChangePointOptions {
  /** Minimum windows on each side of the split (integer ≥ 1). Default {@link DEFAULT_MIN_SEGMENT}. */
  minSegment?: number;
  /** Time of each window (e.g. the bin centres of binMeans), s; only used to report t_s. Same length as values. */
  t_s?: ArrayLike<number>;
  /** Bootstrap replicates R (integer ≥ 19). Default {@link DEFAULT_REPLICATES}. */
  replicates?: number;
  /** Significance level (0 < α < 1). Default {@link DEFAULT_ALPHA}. */
  alpha?: number;
  /** RNG seed. Default {@link DEFAULT_CHANGEPOINT_SEED}. */
  seed?: number;
}

export interface ChangePoint {
  /** Input index of the first window after the shift. */
  index: number;
  /** options.t_s at `index`, s; null when no times were given. */
  t_s: number | null;
  /** Mean of the finite windows before / from `index`, metric unit. */
  before: number;
  after: number;
  /** after − before, metric unit. */
  delta: number;
  /** Studentised CUSUM statistic Q (step 3). */
  statistic: number;
  /** Bootstrap p-value of "no change" (step 4). */
  pValue: number;
  /** pValue < alpha. */
  significant: boolean;
  /** Bias-corrected AR(1) coefficient ρ̃ of the null model. */
  nullRho: number;
  /** Finite windows used. */
  n: number;
}

/**
 * The single most pronounced mean shift in a series of window means, with a bootstrap test against autocorrelated
 * noise without a shift (module doc for the method and its limits).
 * @param values window means in time order (e.g. per-minute means); NaN windows are ignored
 * @returns null with fewer than max(2·minSegment, {@link MIN_N_FOR_CHANGEPOINT}) finite windows or a constant series;
 *   a noise-free step gives statistic +∞ and the smallest possible p-value 1/(R + 1)
 */
export function singleChangePoint(values: ArrayLike<number>, opts: ChangePointOptions = {}): ChangePoint | null {
  const minSegment = opts.minSegment ?? DEFAULT_MIN_SEGMENT;
  const replicates = opts.replicates ?? DEFAULT_REPLICATES;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  if (!(Number.isInteger(minSegment) && minSegment >= 1)) {
    throw new RangeError(`singleChangePoint: minSegment must be an integer ≥ 1 (windows), got ${minSegment}`);
  }
  if (!(Number.isInteger(replicates) && replicates >= 19)) {
    throw new RangeError(`singleChangePoint: replicates must be an integer ≥ 19, got ${replicates}`);
  }
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`singleChangePoint: alpha must be in (0, 1), got ${alpha}`);
  if (opts.t_s !== undefined && opts.t_s.length !== values.length) {
    throw new RangeError(`singleChangePoint: t_s and values differ in length (${opts.t_s.length} vs ${values.length})`);
  }
  const n = countFinite(values);
  if (n < Math.max(2 * minSegment, MIN_N_FOR_CHANGEPOINT)) return null;
  const inputIndex = new Int32Array(n);
  const kernel = statsKernel();
  const mark = kernel.frame(8 * n + 64);
  let found: { k: number; before: number; after: number; statistic: number; nullRho: number; pValue: number } | null;
  try {
    found = test(kernel, values, inputIndex, n, minSegment, replicates, opts.seed ?? DEFAULT_CHANGEPOINT_SEED);
  } finally {
    kernel.release(mark);
  }
  if (found === null) return null;
  const { k, before, after, statistic, nullRho, pValue } = found;
  const index = inputIndex[k] as number;
  const t = opts.t_s?.[index];
  return {
    index,
    t_s: t === undefined ? null : t,
    before,
    after,
    delta: after - before,
    statistic,
    pValue,
    significant: pValue < alpha,
    nullRho,
    n,
  };
}

/**
 * Steps 1–4 on the n finite values of `values` (their input indices written to inputIndex), in the statistics
 * kernel's memory (assembly/stats.ts: scan and simulate_null; the caller's frame): the split, the two means, the
 * observed statistic, the null model's coefficient and the p-value; null for a constant series.
 *
 * Step 4's replicates: R stationary Gaussian AR(1) series with coefficient nullRho, scanned as the data were.
 * Sequential Monte Carlo p-value (Besag & Clifford 1991, Biometrika 78:301): the kernel stops as soon as
 * SEQUENTIAL_H null statistics reach the observed one (p = h / r, clearly not significant), else runs all R
 * replicates. Most metrics have no change point, so most tests stop after a few dozen replicates instead of 499.
 * The deviates are those of Rng.normal() from the seeded generator, drawn in the kernel (n + 1 per replicate, the last
 * only advancing the series past its end, as the series has always been generated: every p-value depends on it).
 */
function test(
  kernel: StatsKernel,
  values: ArrayLike<number>,
  inputIndex: Int32Array,
  n: number,
  minSegment: number,
  replicates: number,
  seed: number,
): { k: number; before: number; after: number; statistic: number; nullRho: number; pValue: number } | null {
  const ex = kernel.ex;
  const x = kernel.alloc(n), prefix = kernel.alloc(n + 1), e = kernel.alloc(n), sim = kernel.alloc(n), z = kernel.alloc(n + 1);
  const kOverN = kernel.alloc(n + 1), weight = kernel.alloc(n + 1), result = kernel.alloc(6), state = kernel.alloc(4);
  gatherFinite(values, inputIndex, kernel.f64, x >> 3);
  ex.split_weights(n, kOverN, weight);
  if (ex.scan(x, n, minSegment, prefix, e, kOverN, weight, result) === 0) return null;
  const r = kernel.view(result, 6);
  const k = r[0]!, before = r[1]!, after = r[2]!, statistic = r[3]!;
  // Step 4: AR(1) null model about the overall mean, Kendall-corrected, simulated R times.
  ex.centred_into(x, n, ex.sum(x, n) / n, e);
  const rho0 = ex.lag1_coefficient(e, n);
  const nullRho = clamp(rho0 + (1 + 3 * rho0) / n, -RHO_MAX, RHO_MAX); // Kendall 1954
  new Rng(seed).saveState(kernel.i32, state >> 2, kernel.f64, (state >> 3) + 2);
  ex.simulate_null(statistic, nullRho, replicates, SEQUENTIAL_H, minSegment, n, state, z, sim, prefix, e, kOverN, weight, result);
  const atLeast = r[4]!, replicatesRun = r[5]!;
  // Besag & Clifford 1991; Davison & Hinkley 1997
  const pValue = atLeast >= SEQUENTIAL_H ? atLeast / replicatesRun : (1 + atLeast) / (replicates + 1);
  return { k, before, after, statistic, nullRho, pValue };
}

/** Number of finite entries. */
function countFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  return n;
}

/** The finite entries of `values` into x from index `at` on, and their input indices into `index`. */
function gatherFinite(values: ArrayLike<number>, index: Int32Array, x: Float64Array, at: number): void {
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    index[j] = i;
    x[at + j] = v;
    j++;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
