/**
 * Descriptive statistics on number series: mean, sample SD, median, type-7 quantile, coefficient of variation,
 * autocovariances and fixed-width time-bin means. Pure functions; `NaN` entries are ignored where stated (a NaN is
 * how the metrics mark a step whose value could not be measured).
 *
 * Performance note (applies to all of src/stats/ and the series of fatigue/drift.ts): each loop over a long series
 * sits in a small function of its own, with typed-array and number arguments, that ends with the loop and returns
 * a local number (or writes into a typed array). V8 compiles a long-running loop while it runs (on-stack
 * replacement, OSR) from the type feedback gathered so far. When the loop sat inside a larger function, the compiled
 * code ran on into the code after the loop, which had never run and so had no feedback, and was thrown away
 * ("deoptimised"); V8 re-entered the same compiled loop on the next call, so this repeated tens of times per fatigue
 * report. For the same reason a branch inside such a loop that may first be taken late does no arithmetic of its
 * own (`i += paired ? 2 : 1`, not `i += 2` / `i += 1`). The helpers compute exactly what the inline loops did, in
 * the same order, so results are unchanged bit for bit.
 */
import { SLOT, workArray } from "./scratch.js";

/** The finite entries of `x`, in order (NaN and ±Infinity dropped). Always a new array. */
export function finiteValues(x: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isFinite(v)) out[j++] = v;
  }
  return out;
}

/** Arithmetic mean of the finite entries; NaN when there are none. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n > 0 ? s / n : Number.NaN;
}

/**
 * Sample standard deviation (divisor n − 1) of the finite entries; NaN with fewer than two. Two-pass (mean first) so
 * large offsets such as contact times in ms do not lose precision.
 */
export function sd(x: ArrayLike<number>): number {
  const m = mean(x);
  let ss = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (Number.isFinite(v)) {
      ss += (v - m) * (v - m);
      n++;
    }
  }
  return n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN;
}

/**
 * Quantile `q` ∈ [0, 1] of an ascending-sorted array without NaN, by linear interpolation between order statistics:
 * definition 7 of Hyndman & Fan (1996, Am Stat 50:361), the default of R and NumPy. With h = (n − 1)·q the result is
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). NaN for an empty array. The input is not checked for order.
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const xLo = sorted[lo] as number;
  if (lo >= n - 1) return xLo;
  const xHi = sorted[lo + 1] as number;
  return xLo + (h - lo) * (xHi - xLo);
}

/** Median of the finite entries (type-7 quantile 0.5: the mean of the middle two for an even count); NaN if none. */
export function median(x: ArrayLike<number>): number {
  const v = finiteValues(x).sort();
  return quantile(v, 0.5);
}

/**
 * Coefficient of variation sd / mean of the finite entries, as a fraction (0.03 = 3 %), for positive-valued
 * metrics such as step time. NaN with fewer than two values or a zero mean.
 */
export function cv(x: ArrayLike<number>): number {
  const m = mean(x);
  if (m === 0) return Number.NaN;
  return sd(x) / m;
}

/**
 * Sample autocovariances γ̂(0..maxLag) of a complete series (no NaN), about its mean, with divisor n (the biased,
 * positive semi-definite estimator; Brockwell & Davis 1991, Time Series: Theory and Methods). Lags ≥ n are 0. Used
 * by the block-length and HAC lag selectors.
 */
export function autocovariances(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(Math.max(0, maxLag) + 1);
  if (n === 0) return out;
  const c = workArray(SLOT.autocovCentred, n);
  centredInto(x, sum(x) / n, c);
  const lags = Math.min(maxLag, n - 1);
  const products = laggedProductSums(c, Math.max(0, lags));
  for (let k = 0; k <= lags; k++) out[k] = (products[k] as number) / n;
  return out;
}

// Loops shared by the modules of src/stats/ (see the module's performance note). Sharing them also means fewer
// distinct loops that V8 first runs slowly and then compiles, a large part of the cost of a first fatigue report.

/** x_0 + x_1 + … in index order (no NaN check). */
export function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s;
}

/** out[i] = x[i] − m. */
export function centredInto(x: ArrayLike<number>, m: number, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) - m;
}

/** Least-squares AR(1) coefficient Σ e_i e_{i−1} / Σ e_{i−1}² of a zero-mean series; 0 when
 * undefined. Both sums run in increasing i. */
export function lag1Coefficient(e: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 1; i < e.length; i++) {
    num += (e[i] as number) * (e[i - 1] as number);
    den += (e[i - 1] as number) * (e[i - 1] as number);
  }
  return den > 0 ? num / den : 0;
}

/**
 * Σ_{i=j}^{n−1} u_i·u_{i−j} (summed in increasing i) for every lag j = 0 … maxLag (entries maxLag + 1 … are scratch), each the same value:
 * every sum still adds its terms in increasing i, but four lags are summed in one pass over u. One sum is limited
 * by the latency of each addition; four independent ones overlap, about twice as fast.
 */
export function laggedProductSums(u: Float64Array, maxLag: number): Float64Array {
  const out = new Float64Array(maxLag + 4);
  const n = u.length;
  for (let j = 0; j <= maxLag; j += 4) {
    fourLagHeads(u, j, out);
    for (let from = j + 3; from < n; from += LAG_CHUNK) fourLagChunk(u, j, from, Math.min(n, from + LAG_CHUNK), out);
  }
  return out;
}

/**
 * Values per call of {@link fourLagChunk}: few enough that V8 compiles fourLagChunk whole after some calls, not
 * part-way through its loop (which would leave the stores after the loop without type feedback).
 */
const LAG_CHUNK = 256;

/**
 * Starts the four sums of lags j … j + 3 in acc[j … j + 3]: the terms with i < j + 3, where lag j + k starts at
 * i = j + k (lag j + 3 has none).
 */
function fourLagHeads(u: Float64Array, j: number, acc: Float64Array): void {
  const n = u.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  if (j < n) s0 += (u[j] as number) * (u[0] as number);
  if (j + 1 < n) {
    s0 += (u[j + 1] as number) * (u[1] as number);
    s1 += (u[j + 1] as number) * (u[0] as number);
  }
  if (j + 2 < n) {
    s0 += (u[j + 2] as number) * (u[2] as number);
    s1 += (u[j + 2] as number) * (u[1] as number);
    s2 += (u[j + 2] as number) * (u[0] as number);
  }
  acc[j] = s0;
  acc[j + 1] = s1;
  acc[j + 2] = s2;
  acc[j + 3] = 0;
}

/** Continues the four sums of lags j … j + 3 in acc with the terms from ≤ i < to (from ≥ j + 3). */
function fourLagChunk(u: Float64Array, j: number, from: number, to: number, acc: Float64Array): void {
  let s0 = acc[j] as number;
  let s1 = acc[j + 1] as number;
  let s2 = acc[j + 2] as number;
  let s3 = acc[j + 3] as number;
  for (let i = from; i < to; i++) {
    const ui = u[i] as number;
    s0 += ui * (u[i - j] as number);
    s1 += ui * (u[i - j - 1] as number);
    s2 += ui * (u[i - j - 2] as number);
    s3 += ui * (u[i - j - 3] as number);
  }
  acc[j] = s0;
  acc[j + 1] = s1;
  acc[j + 2] = s2;
  acc[j + 3] = s3;
}

/** Means of consecutive fixed-width time bins (see {@link binMeans}). */
export interface BinMeans {
  /** Bin centres, s, in the time base of the input: t0 + (i + ½)·bin_s, t0 = first finite time. */
  t_s: Float64Array;
  /** Mean of the finite values in each bin; NaN for a bin with none (bins stay evenly spaced). */
  mean: Float64Array;
  /** Number of finite values in each bin. */
  count: Uint32Array;
}

/**
 * Means of consecutive `bin_s`-wide bins (default 60 s: per-minute means), starting at the first finite time: bin i
 * holds t0 + i·bin_s ≤ t < t0 + (i + 1)·bin_s. Pairs with a non-finite time or value are ignored. Per-minute means
 * are the usual input for `singleChangePoint` (changepoint.ts) and a coarse input for `linearTrend`.
 * @param t_s time of each value, s, non-decreasing
 * @param values metric values (NaN = not measured)
 * @param bin_s bin width, s (> 0)
 */
export function binMeans(t_s: ArrayLike<number>, values: ArrayLike<number>, bin_s = 60): BinMeans {
  if (t_s.length !== values.length) {
    throw new RangeError(`binMeans: t_s and values differ in length (${t_s.length} vs ${values.length})`);
  }
  if (!(bin_s > 0 && Number.isFinite(bin_s))) throw new RangeError(`binMeans: bin_s must be > 0, got ${bin_s}`);
  const tLast = lastFiniteTime(t_s);
  if (Number.isNaN(tLast)) return { t_s: new Float64Array(0), mean: new Float64Array(0), count: new Uint32Array(0) };
  const t0 = firstFinite(t_s);
  const nBins = Math.floor((tLast - t0) / bin_s) + 1;
  const binSum = new Float64Array(nBins);
  const count = new Uint32Array(nBins);
  accumulateBins(t_s, values, t0, bin_s, binSum, count);
  const centre = new Float64Array(nBins);
  const m = new Float64Array(nBins);
  binCentresAndMeans(t0, bin_s, binSum, count, centre, m);
  return { t_s: centre, mean: m, count };
}

/** The first finite entry of `x`; NaN when there is none. */
function firstFinite(x: ArrayLike<number>): number {
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i])) return x[i] as number;
  return Number.NaN;
}

/** The last finite time of `t_s` (NaN when there is none), checking that the finite times are non-decreasing. */
function lastFiniteTime(t_s: ArrayLike<number>): number {
  let tLast = Number.NaN;
  for (let i = 0; i < t_s.length; i++) {
    const t = t_s[i] as number;
    if (!Number.isFinite(t)) continue;
    if (t < tLast) throw new RangeError(`binMeans: t_s must be non-decreasing (t_s[${i}] = ${t} < ${tLast})`);
    tLast = t;
  }
  return tLast;
}

/** Adds each pair with finite time and value to its bin's `binSum` and `count` (bins of {@link binMeans}). */
function accumulateBins(
  t_s: ArrayLike<number>,
  values: ArrayLike<number>,
  t0: number,
  bin_s: number,
  binSum: Float64Array,
  count: Uint32Array,
): void {
  const last = binSum.length - 1;
  for (let i = 0; i < t_s.length; i++) {
    const t = t_s[i] as number;
    const v = values[i] as number;
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    const b = Math.min(last, Math.floor((t - t0) / bin_s));
    binSum[b] = (binSum[b] as number) + v;
    count[b] = (count[b] as number) + 1;
  }
}

/** Bin centres t0 + (b + ½)·bin_s and means binSum / count (NaN for an empty bin). */
function binCentresAndMeans(
  t0: number,
  bin_s: number,
  binSum: Float64Array,
  count: Uint32Array,
  centre: Float64Array,
  mean: Float64Array,
): void {
  const empty = Number.NaN; // read before the loop: a property read first done in a late empty bin would deoptimise
  for (let b = 0; b < binSum.length; b++) {
    centre[b] = t0 + (b + 0.5) * bin_s;
    const c = count[b] as number;
    mean[b] = c > 0 ? (binSum[b] as number) / c : empty;
  }
}
