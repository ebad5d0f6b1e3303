/**
 * Descriptive statistics on number series: mean, sample SD, median, type-7 quantile, coefficient of variation,
 * autocovariances and fixed-width time-bin means. Pure functions; `NaN` entries are ignored where stated (a NaN is
 * how the metrics mark a step whose value could not be measured).
 *
 * Performance note: the loops over long series of the block bootstrap, the trend, the change point and the
 * autocovariances run in the statistics kernel (assembly/stats.ts, compiled ahead of time; kernel.ts), because a
 * fatigue report runs them once per process, mostly before V8 would have compiled JavaScript loops. The loops still
 * in JavaScript here and in fatigue/drift.ts each sit in a small function of its own, with typed-array and number
 * arguments, that ends with the loop: V8 compiles a long-running loop while it runs (on-stack replacement) from the
 * type feedback gathered so far, and a loop inside a larger function ran on into code without feedback and was
 * thrown away ("deoptimised"), tens of times per report. For the same reason a branch inside such a loop that may
 * first be taken late does no arithmetic of its own (`i += paired ? 2 : 1`, not `i += 2` / `i += 1`).
 */
import { statsKernel } from "./kernel.js";

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
 * by the block-length and HAC lag selectors. The loops run in the statistics kernel (assembly/stats.ts).
 */
export function autocovariances(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  const lags = Math.max(0, maxLag);
  const k = statsKernel();
  const mark = k.frame(2 * n + 2 * lags + 16);
  try {
    const xs = k.put(x);
    const c = k.alloc(n), products = k.alloc(Math.max(0, Math.min(lags, n - 1)) + 4), out = k.alloc(lags + 1);
    k.ex.autocovariances(xs, n, lags, c, products, out);
    return k.view(out, lags + 1).slice();
  } finally {
    k.release(mark);
  }
}

/**
 * The last finite time before index i, where `values` (if given) is finite too: the time a decreasing t_s[i] is
 * reported against (NaN when there is none).
 */
export function finiteTimeBefore(t_s: ArrayLike<number>, i: number, values?: ArrayLike<number>): number {
  for (let j = i - 1; j >= 0; j--) if (Number.isFinite(t_s[j]) && (values === undefined || Number.isFinite(values[j]))) return t_s[j] as number;
  return Number.NaN;
}

/** x_0 + x_1 + … in index order (no NaN check). */
export function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s;
}

/**
 * Σ_{i=j}^{n−1} u_i·u_{i−j} (summed in increasing i) for every lag j = 0 … maxLag (entries maxLag + 1 … are
 * scratch). The kernel's loop (assembly/stats.ts, lagged_products) sums four lags in one pass over u, each still in
 * increasing i: one sum is limited by the latency of each addition, four independent ones overlap.
 */
export function laggedProductSums(u: ArrayLike<number>, maxLag: number): Float64Array {
  const k = statsKernel();
  const mark = k.frame(u.length + maxLag + 8);
  try {
    const us = k.put(u), out = k.alloc(maxLag + 4);
    k.ex.lagged_products(us, u.length, maxLag, out);
    return k.view(out, maxLag + 4).slice();
  } finally {
    k.release(mark);
  }
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
  const k = statsKernel();
  const n = t_s.length;
  const mark = k.frame(2 * n + 64);
  try {
    const t = k.put(t_s), v = k.put(values), span = k.alloc(2);
    // the loops in the statistics kernel (assembly/stats.ts: time_span, bin_means)
    const bad = k.ex.time_span(t, n, span);
    if (bad < 0) {
      const i = -bad - 1;
      throw new RangeError(`binMeans: t_s must be non-decreasing (t_s[${i}] = ${t_s[i]} < ${finiteTimeBefore(t_s, i)})`);
    }
    const tLast = k.f64[span >> 3]!, t0 = k.f64[(span >> 3) + 1]!;
    if (Number.isNaN(tLast)) return { t_s: new Float64Array(0), mean: new Float64Array(0), count: new Uint32Array(0) };
    const nBins = Math.floor((tLast - t0) / bin_s) + 1;
    k.frame(4 * nBins + 16);
    const sum = k.alloc(nBins), count = k.alloc(nBins), centre = k.alloc(nBins), mean = k.alloc(nBins);
    k.ex.bin_means(t, v, n, t0, bin_s, nBins, sum, count, centre, mean);
    return { t_s: k.view(centre, nBins).slice(), mean: k.view(mean, nBins).slice(), count: Uint32Array.from(k.view(count, nBins)) };
  } finally {
    k.release(mark);
  }
}

