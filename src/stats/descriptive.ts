/**
 * Descriptive statistics on number series: mean, sample SD, median, type-7 quantile, coefficient of variation,
 * autocovariances and fixed-width time-bin means. Pure functions; `NaN` entries are ignored where stated (a NaN is
 * how the metrics mark a step whose value could not be measured).
 */

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
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i] as number;
  m /= n;
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[i] = (x[i] as number) - m;
  for (let k = 0; k <= maxLag && k < n; k++) {
    let s = 0;
    for (let i = k; i < n; i++) s += (c[i] as number) * (c[i - k] as number);
    out[k] = s / n;
  }
  return out;
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
  let t0 = Number.NaN;
  let tLast = Number.NaN;
  for (let i = 0; i < t_s.length; i++) {
    const t = t_s[i] as number;
    if (!Number.isFinite(t)) continue;
    if (Number.isNaN(t0)) t0 = t;
    else if (t < tLast) throw new RangeError(`binMeans: t_s must be non-decreasing (t_s[${i}] = ${t} < ${tLast})`);
    tLast = t;
  }
  if (Number.isNaN(t0)) return { t_s: new Float64Array(0), mean: new Float64Array(0), count: new Uint32Array(0) };
  const nBins = Math.floor((tLast - t0) / bin_s) + 1;
  const sum = new Float64Array(nBins);
  const count = new Uint32Array(nBins);
  for (let i = 0; i < t_s.length; i++) {
    const t = t_s[i] as number;
    const v = values[i] as number;
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    const b = Math.min(nBins - 1, Math.floor((t - t0) / bin_s));
    sum[b] = (sum[b] as number) + v;
    count[b] = (count[b] as number) + 1;
  }
  const centre = new Float64Array(nBins);
  const m = new Float64Array(nBins);
  for (let b = 0; b < nBins; b++) {
    centre[b] = t0 + (b + 0.5) * bin_s;
    const c = count[b] as number;
    m[b] = c > 0 ? (sum[b] as number) / c : Number.NaN;
  }
  return { t_s: centre, mean: m, count };
}
