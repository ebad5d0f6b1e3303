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
import { centredInto, lag1Coefficient, sum } from "./descriptive.js";

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
  const x = new Float64Array(n);
  gatherFinite(values, inputIndex, x);

  const work = new Scratch(n);
  if (!scan(x, minSegment, work)) return null;
  const { split: k, before, after, statistic } = work;

  // Step 4: AR(1) null model about the overall mean, Kendall-corrected, simulated R times.
  centredInto(x, sum(x) / n, work.e);
  const rho0 = lag1Coefficient(work.e);
  const nullRho = clamp(rho0 + (1 + 3 * rho0) / n, -RHO_MAX, RHO_MAX); // Kendall 1954
  const rng = new Rng(opts.seed ?? DEFAULT_CHANGEPOINT_SEED);
  simulateNull(statistic, nullRho, replicates, minSegment, rng, work);
  const atLeast = work.exceedances;
  // Besag & Clifford 1991; Davison & Hinkley 1997
  const pValue = atLeast >= SEQUENTIAL_H ? atLeast / work.replicatesRun : (1 + atLeast) / (replicates + 1);

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
 * Step 4's replicates: R stationary Gaussian AR(1) series with coefficient `nullRho`, scanned as the data were;
 * counts in work.exceedances the null statistics that reach the observed one and in work.replicatesRun the
 * replicates run. Sequential Monte Carlo p-value (Besag & Clifford 1991, Biometrika 78:301): stop as soon as
 * SEQUENTIAL_H null statistics reach the observed one (p = h / r, clearly not significant), else run all R replicates.
 * Most metrics have no change point, so most tests stop after a few dozen replicates instead of 499.
 *
 * A function of its own that ends with its loop, and whose loop body always runs the same operations (the count
 * is incremented by 0 or 1), so that the loop V8 compiles while it runs never meets code without type feedback
 * (see the performance note in descriptive.ts).
 */
function simulateNull(
  observed: number,
  nullRho: number,
  replicates: number,
  minSegment: number,
  rng: Rng,
  work: Scratch,
): void {
  const sim = work.sim;
  const innovationScale = 1 / Math.sqrt(1 - nullRho * nullRho);
  work.exceedances = 0;
  work.replicatesRun = 0;
  for (let r = 0; r < replicates && work.exceedances < SEQUENTIAL_H; r++) {
    simulateAr1(rng, nullRho, innovationScale, work.z, sim);
    const reaches = !scan(sim, minSegment, work) || work.statistic >= observed;
    work.exceedances += reaches ? 1 : 0;
    work.replicatesRun = r + 1;
  }
}

/**
 * Fills `sim` with a stationary Gaussian AR(1) series: v_0 = z_0·scale (the stationary start),
 * v_{i+1} = ρ·v_i + z_{i+1}. Draws the sim.length + 1 normal deviates z (length sim.length + 1) in one go; the last
 * one only advances v past the end, as the series has always been generated: the stream of deviates, hence every
 * p-value, depends on it.
 */
function simulateAr1(rng: Rng, rho: number, scale: number, z: Float64Array, sim: Float64Array): void {
  rng.fillNormal(z);
  let v = (z[0] as number) * scale; // stationary start
  for (let i = 0; i < sim.length; i++) {
    sim[i] = v;
    v = rho * v + (z[i + 1] as number);
  }
}

/**
 * Reused buffers and per-length factors for {@link scan} and the null simulation (one allocation per call of
 * singleChangePoint, none per replicate), and scan's results.
 */
class Scratch {
  readonly prefix: Float64Array;
  readonly e: Float64Array;
  readonly sim: Float64Array;
  /** The normal deviates of one simulated series (one more than its length). */
  readonly z: Float64Array;
  /** k/n and k(n − k)/n by split k (see splitWeights). */
  readonly kOverN: Float64Array;
  readonly splitWeight: Float64Array;
  /** Number of windows before the split (= index of the first window after it). */
  split = 0;
  before = Number.NaN;
  after = Number.NaN;
  statistic = Number.NaN;
  /** Null replicates run, and how many of their statistics reached the observed one ({@link simulateNull}). */
  replicatesRun = 0;
  exceedances = 0;
  constructor(n: number) {
    this.prefix = new Float64Array(n + 1);
    this.e = new Float64Array(n);
    this.sim = new Float64Array(n);
    this.z = new Float64Array(n + 1);
    this.kOverN = new Float64Array(n + 1);
    this.splitWeight = new Float64Array(n + 1);
    splitWeights(n, this.kOverN, this.splitWeight);
  }
}

/** kOverN[k] = k/n and weight[k] = k(n − k)/n for k = 0 … n: bestSplit's factors, the same for every replicate. */
function splitWeights(n: number, kOverN: Float64Array, weight: Float64Array): void {
  for (let k = 0; k <= n; k++) {
    kOverN[k] = k / n;
    weight[k] = (k * (n - k)) / n;
  }
}

/**
 * Steps 2–3 on a complete series: least-squares split and studentised CUSUM, written to work.split, before, after
 * and statistic. False (nothing written that is meaningful) for a constant series.
 */
function scan(x: Float64Array, minSegment: number, work: Scratch): boolean {
  const n = x.length;
  const p = work.prefix;
  prefixSums(x, p);
  const total = p[n] as number;
  const cusum = bestSplit(p, minSegment, work);
  const split = work.split;
  const before = (p[split] as number) / split;
  const after = (total - (p[split] as number)) / (n - split);
  const e = work.e;
  twoMeanResiduals(x, split, before, after, e);
  const rho = clamp(lag1Coefficient(e), 0, RHO_MAX);
  const ss = prewhitenedSumSq(e, rho);
  const longRunVar = ss / (n - 1) / ((1 - rho) * (1 - rho));
  work.before = before;
  work.after = after;
  if (!(longRunVar > 0)) {
    // Noise-free: a perfect step is infinitely significant; a constant series has no split at all.
    work.statistic = Number.POSITIVE_INFINITY;
    return cusum > 0;
  }
  work.statistic = cusum / Math.sqrt(longRunVar * n);
  return true;
}

// The loops of singleChangePoint and scan, each in a function of its own (see simulateNull); each computes exactly
// what the inline loop did, in the same order.

/** Number of finite entries. */
function countFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  return n;
}

/** The finite entries of `values` into `x`, and their input indices into `index` (both sized by countFinite). */
function gatherFinite(values: ArrayLike<number>, index: Int32Array, x: Float64Array): void {
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    index[j] = i;
    x[j] = v;
    j++;
  }
}

/** p[0] = 0, p[i + 1] = x_0 + … + x_i. */
function prefixSums(x: Float64Array, p: Float64Array): void {
  p[0] = 0;
  for (let i = 0; i < x.length; i++) p[i + 1] = (p[i] as number) + (x[i] as number);
}

/**
 * Step 2 and the CUSUM of step 3 from the prefix sums p (length n + 1): writes the least-squares split (first
 * maximum of the contrast) to work.split and returns max_k |S_k − (k/n)·S_n| over the same splits.
 */
function bestSplit(p: Float64Array, minSegment: number, work: Scratch): number {
  const n = p.length - 1;
  const total = p[n] as number;
  const kOverN = work.kOverN;
  const weight = work.splitWeight;
  let bestContrast = -1;
  let split = -1;
  let cusum = 0;
  for (let k = minSegment; k <= n - minSegment; k++) {
    const c = Math.abs((p[k] as number) - (kOverN[k] as number) * total); // = k(n−k)/n · |x̄_after − x̄_before|
    const contrast = (c * c) / (weight[k] as number); // = k(n−k)/n · (x̄_after − x̄_before)²
    if (contrast > bestContrast) {
      bestContrast = contrast;
      split = k;
    }
    if (c > cusum) cusum = c;
  }
  work.split = split;
  return cusum;
}

/** Residuals about the two segment means: e_i = x_i − (i < split ? before : after). */
function twoMeanResiduals(x: Float64Array, split: number, before: number, after: number, e: Float64Array): void {
  for (let i = 0; i < x.length; i++) e[i] = (x[i] as number) - (i < split ? before : after);
}

/** Σ_{i≥1} (e_i − ρ·e_{i−1})². */
function prewhitenedSumSq(e: Float64Array, rho: number): number {
  let ss = 0;
  for (let i = 1; i < e.length; i++) {
    const v = (e[i] as number) - rho * (e[i - 1] as number);
    ss += v * v;
  }
  return ss;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
