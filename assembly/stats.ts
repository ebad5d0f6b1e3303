/**
 * The loops of the fatigue statistics (src/stats/), compiled ahead of time to WebAssembly (scripts/build-wasm.mjs).
 * A fatigue report runs them once per process on series of up to tens of thousands of values; as JavaScript they ran
 * mostly before V8 had compiled them (a first report took 2–3× as long as a later one in the same process), here
 * they run compiled from the first value. The JavaScript modules keep the options, checks, result objects and the
 * few scalar steps; src/stats/kernel.ts lays out this module's memory.
 *
 * The arithmetic is that of the JavaScript it replaced, operation for operation and in the same order; WebAssembly
 * doubles are IEEE 754 binary64 with round-to-nearest-even and no fused multiply-add, like JavaScript's, so results
 * are the same to the bit. The transcendental functions (log, log10, cbrt, pow) are not computed here: they are
 * JavaScript's own Math functions, imported, because V8's implementations are not those of AssemblyScript's library
 * and their last bits differ.
 *
 * Addresses are byte offsets of arrays of doubles (`f64`) in this module's memory; `n` is a length in values.
 */

// @ts-ignore: decorator
@external("math", "log")
declare function jsLog(x: f64): f64;
// @ts-ignore: decorator
@external("math", "log10")
declare function jsLog10(x: f64): f64;
// @ts-ignore: decorator
@external("math", "cbrt")
declare function jsCbrt(x: f64): f64;
// @ts-ignore: decorator
@external("math", "pow")
declare function jsPow(x: f64, y: f64): f64;

/** First byte of memory free for the caller's layout (after the static data). */
export function heapBase(): usize {
  return __heap_base;
}

// @ts-ignore: decorator
@inline
function at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline
function put(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

// ------------------------------------------------------------------ descriptive (src/stats/descriptive.ts)

/** x_0 + x_1 + … in index order. */
export function sum(x: usize, n: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += at(x, i);
  return s;
}

/** out[i] = x[i] − m. */
export function centred_into(x: usize, n: i32, m: f64, out: usize): void {
  for (let i = 0; i < n; i++) put(out, i, at(x, i) - m);
}

/** Moves the finite values of x (n values) to its front, in order; returns their count. */
export function compact_finite(x: usize, n: i32): i32 {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = at(x, i);
    if (isFinite(v)) put(x, k++, v);
  }
  return k;
}

/** Sample standard deviation (divisor n − 1) of n finite values, two-pass (descriptive.ts, sd); NaN below two. */
export function sd(x: usize, n: i32): f64 {
  const m = sum(x, n) / n;
  let ss = 0.0;
  for (let i = 0; i < n; i++) {
    const v = at(x, i);
    ss += (v - m) * (v - m);
  }
  return n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
}

/** Least-squares AR(1) coefficient Σ e_i e_{i−1} / Σ e_{i−1}², both sums in increasing i; 0 when undefined. */
export function lag1_coefficient(e: usize, n: i32): f64 {
  let num = 0.0;
  let den = 0.0;
  for (let i = 1; i < n; i++) {
    num += at(e, i) * at(e, i - 1);
    den += at(e, i - 1) * at(e, i - 1);
  }
  return den > 0 ? num / den : 0;
}

/**
 * out[j] = Σ_{i=j}^{n−1} u_i·u_{i−j} for j = 0 … maxLag (out holds maxLag + 4 values; those after maxLag are
 * scratch). Four lags are summed in one pass, each sum still in increasing i, so the four additions overlap instead
 * of waiting on each other.
 */
export function lagged_products(u: usize, n: i32, maxLag: i32, out: usize): void {
  for (let j = 0; j <= maxLag; j += 4) {
    // the terms with i < j + 3 (lag j + k starts at i = j + k; lag j + 3 has none there)
    let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    if (j < n) s0 += at(u, j) * at(u, 0);
    if (j + 1 < n) {
      s0 += at(u, j + 1) * at(u, 1);
      s1 += at(u, j + 1) * at(u, 0);
    }
    if (j + 2 < n) {
      s0 += at(u, j + 2) * at(u, 2);
      s1 += at(u, j + 2) * at(u, 1);
      s2 += at(u, j + 2) * at(u, 0);
    }
    for (let i = j + 3; i < n; i++) {
      const ui = at(u, i);
      s0 += ui * at(u, i - j);
      s1 += ui * at(u, i - j - 1);
      s2 += ui * at(u, i - j - 2);
      s3 += ui * at(u, i - j - 3);
    }
    put(out, j, s0);
    put(out, j + 1, s1);
    put(out, j + 2, s2);
    put(out, j + 3, s3);
  }
}

/**
 * γ̂(0 … maxLag) about the mean with divisor n into out (maxLag + 1 values; lags ≥ n are 0). Scratch: c (n values),
 * products (maxLag + 4 values).
 */
export function autocovariances(x: usize, n: i32, maxLag: i32, c: usize, products: usize, out: usize): void {
  for (let k = 0; k <= maxLag; k++) put(out, k, 0);
  if (n == 0) return;
  centred_into(x, n, sum(x, n) / n, c);
  const lags = min(maxLag, n - 1);
  lagged_products(c, n, max(0, lags), products);
  for (let k = 0; k <= lags; k++) put(out, k, at(products, k) / n);
}

/**
 * The checks and first finite time of binMeans (descriptive.ts): the last finite time of t (n values) into result[0]
 * and the first into result[1] (NaN when there is none); returns −(i + 1) when the finite t[i] is below the finite
 * time before it, else 0.
 */
export function time_span(t: usize, n: i32, result: usize): i32 {
  let first = NaN, last = NaN;
  for (let i = 0; i < n; i++) {
    const ti = at(t, i);
    if (!isFinite(ti)) continue;
    if (ti < last) return -(i + 1);
    if (isNaN(first)) first = ti;
    last = ti;
  }
  put(result, 0, last);
  put(result, 1, first);
  return 0;
}

/**
 * binMeans' bins (descriptive.ts): each pair of t and v (n values) with finite time and value added to bin
 * min(nBins − 1, ⌊(t − t0)/bin⌋) of sum and count (nBins values each, zeroed here), then centre[b] = t0 + (b + ½)·bin
 * and mean[b] = sum / count (NaN for an empty bin).
 */
export function bin_means(t: usize, v: usize, n: i32, t0: f64, bin: f64, nBins: i32, sum: usize, count: usize, centre: usize, mean: usize): void {
  for (let b = 0; b < nBins; b++) {
    put(sum, b, 0);
    put(count, b, 0);
  }
  const last = nBins - 1;
  for (let i = 0; i < n; i++) {
    const ti = at(t, i);
    const vi = at(v, i);
    if (!isFinite(ti) || !isFinite(vi)) continue;
    const b = <i32>Math.min(<f64>last, Math.floor((ti - t0) / bin));
    put(sum, b, at(sum, b) + vi);
    put(count, b, at(count, b) + 1);
  }
  for (let b = 0; b < nBins; b++) {
    put(centre, b, t0 + (b + 0.5) * bin);
    const c = at(count, b);
    put(mean, b, c > 0 ? at(sum, b) / c : NaN);
  }
}

// ------------------------------------------------------------------ block bootstrap (src/stats/bootstrap.ts)

/**
 * Politis–White (2004) automatic block length with the Patton–Politis–White (2009) correction, for a complete series
 * (bootstrap.ts, politisWhiteBlockLength, has the steps and references). Scratch: gamma (⌈√n⌉ + 2·K_N + 1 values, at
 * most n), c (n), products (that + 4).
 */
export function block_length(x: usize, n: i32, gamma: usize, c: usize, products: usize): f64 {
  if (n < 3) return 1;
  const kN = <i32>Math.max(5, Math.ceil(Math.sqrt(jsLog10(<f64>n)))); // PW 2004 footnote c
  const mMax = <i32>Math.ceil(Math.sqrt(<f64>n)) + kN;
  const maxLag = min(n - 1, mMax + kN);
  autocovariances(x, n, maxLag, c, products, gamma);
  const g0 = at(gamma, 0);
  if (!(g0 > 0)) return 1;
  const band = 2 * Math.sqrt(jsLog10(<f64>n) / n); // c = 2, PW 2004
  let mHat = -1;
  for (let m = 0; m + kN <= maxLag && m <= mMax; m++) {
    let inside = true;
    for (let k = 1; k <= kN; k++) {
      if (Math.abs(at(gamma, m + k) / g0) >= band) {
        inside = false;
        break;
      }
    }
    if (inside) {
      mHat = m;
      break;
    }
  }
  const bigM = mHat < 0 ? min(mMax, maxLag) : min(2 * mHat, maxLag);
  let g = g0;
  let bigG = 0.0;
  for (let k = 1; k <= bigM; k++) {
    const t = <f64>k / bigM;
    const lambda = t <= 0.5 ? 1 : 2 * (1 - t); // flat-top window, Politis & Romano 1995
    g += 2 * lambda * at(gamma, k);
    bigG += 2 * lambda * k * at(gamma, k);
  }
  if (!(g > 0)) return 1;
  const dHat = (4.0 / 3.0) * g * g; // D_MBB = D_CB, PPW 2009
  const b = jsCbrt(((2 * bigG * bigG) / dHat) * n);
  const bMax = Math.ceil(Math.min(3 * Math.sqrt(<f64>n), <f64>n / 3)); // PW 2004
  return Math.min(bMax, Math.max(1, Math.ceil(b)));
}

/**
 * Adds sign·(x̄* − E*[x̄*]) of `resamples` moving-block resamples of x (blocks of length l, starts uniform in
 * [0, n − l]) to out[0 … resamples) (bootstrap.ts, mbbCentredMeans). Block starts come from the sfc32 generator
 * (core/math/rng.ts) whose four 32-bit words are read from and written back to `state`. Scratch: prefix (n + 1),
 * full and last (n − l + 1 each).
 */
export function mbb_centred_means(
  x: usize, n: i32, l: i32, state: usize, out: usize, resamples: i32, sign: f64, prefix: usize, full: usize, last: usize,
): void {
  // prefix sums of the centred series (centring keeps the differences of large sums exact enough)
  const m = sum(x, n) / n;
  put(prefix, 0, 0);
  for (let i = 0; i < n; i++) put(prefix, i + 1, at(prefix, i) + (at(x, i) - m));
  const nStarts = n - l + 1;
  const nBlocks = <i32>Math.ceil(<f64>n / l);
  const lastLen = n - (nBlocks - 1) * l;
  // the sum of every possible block: full length l, and the last block cut to lastLen values
  for (let s = 0; s < nStarts; s++) put(full, s, at(prefix, s + l) - at(prefix, s));
  for (let s = 0; s < nStarts; s++) put(last, s, at(prefix, s + lastLen) - at(prefix, s));
  // exact bootstrap expectation of the resample sum: (k − 1)·E[full block sum] + E[last, cut block sum]
  const expected = ((nBlocks - 1) * sum(full, nStarts) + sum(last, nStarts)) / nStarts / n;
  // block start = ⌊u·nStarts / 2³²⌋ for a uniform 32-bit u
  const scale = <f64>nStarts / 4294967296;
  let a = load<i32>(state), b = load<i32>(state, 4), c = load<i32>(state, 8), d = load<i32>(state, 12);
  for (let r = 0; r < resamples; r++) {
    let total = 0.0;
    for (let j = 1; j < nBlocks; j++) {
      // sfc32 step, as Rng.uint32()
      const t = a + b + d;
      d = d + 1;
      a = b ^ (b >>> 9);
      b = c + (c << 3);
      c = ((c << 21) | (c >>> 11)) + t;
      total += at(full, <i32>(<f64><u32>t * scale));
    }
    const t = a + b + d;
    d = d + 1;
    a = b ^ (b >>> 9);
    b = c + (c << 3);
    c = ((c << 21) | (c >>> 11)) + t;
    total += at(last, <i32>(<f64><u32>t * scale));
    put(out, r, at(out, r) + sign * (total / n - expected));
  }
  store<i32>(state, a);
  store<i32>(state, b, 4);
  store<i32>(state, c, 8);
  store<i32>(state, d, 12);
}

// ------------------------------------------------------------------ linear trend (src/stats/trend.ts)

/** Largest prewhitening coefficient (trend.ts and changepoint.ts, RHO_MAX). */
const RHO_MAX: f64 = 0.97;

/**
 * Copies the pairs with finite time and value of t_s/values (n each) to the front of t and y; returns their count,
 * or −(i + 1) when t_s[i] is below the previous finite time (the caller reports it).
 */
export function copy_finite_pairs(tIn: usize, yIn: usize, n: i32, t: usize, y: usize): i32 {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const ti = at(tIn, i);
    const yi = at(yIn, i);
    if (!isFinite(ti) || !isFinite(yi)) continue;
    if (k > 0 && ti < at(t, k - 1)) return -(i + 1);
    put(t, k, ti);
    put(y, k, yi);
    k++;
  }
  return k;
}

/** Σ (x_i − x̄)(y_i − ȳ). */
export function centred_cross_product(x: usize, xBar: f64, y: usize, yBar: f64, n: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += (at(x, i) - xBar) * (at(y, i) - yBar);
  return s;
}

/**
 * Steps 2–5 of linearTrend (trend.ts) after the OLS fit: the slope scores, AR(1) prewhitening (when `prewhiten`),
 * the HAC lag (`lag` ≥ 0 given, −1 automatic) and the recoloured Bartlett long-run sum. Writes to result: [0] the
 * long-run sum s, [1] the lag used, [2] ρ̂. Scratch: score and w (n each), c (n), products (n + 4).
 */
export function trend_long_run(
  t: usize, y: usize, n: i32, tBar: f64, yBar: f64, slope: f64, prewhiten: i32, lagIn: i32,
  score: usize, w: usize, c: usize, products: usize, result: usize,
): void {
  for (let i = 0; i < n; i++) {
    const dx = at(t, i) - tBar;
    put(score, i, dx * (at(y, i) - yBar - slope * dx));
  }
  let rho = 0.0;
  if (prewhiten) rho = Math.max(0, Math.min(RHO_MAX, lag1_coefficient(score, n)));
  let u = score;
  let nu = n;
  if (rho > 0) {
    for (let i = 1; i < n; i++) put(w, i - 1, at(score, i) - rho * at(score, i - 1));
    u = w;
    nu = n - 1;
  }
  const lag = lagIn >= 0 ? lagIn : automatic_hac_lag(u, nu, c, products, result);
  // Bartlett-weighted sum of the lagged products (Newey & West 1987)
  lagged_products(u, nu, min(lag, max(0, nu - 1)), products);
  let sw = at(products, 0);
  for (let j = 1; j <= lag && j < nu; j++) sw += 2 * (1 - <f64>j / (lag + 1)) * at(products, j);
  const s = rho > 0 ? ((sw * n) / (n - 1)) / ((1 - rho) * (1 - rho)) : sw;
  put(result, 0, s);
  put(result, 1, lag);
  put(result, 2, rho);
}

/**
 * Automatic Bartlett HAC lag of a zero-mean series (trend.ts, automaticHacLag, has the rule and references). Scratch:
 * c (n), products (5), gamma (2).
 */
export function automatic_hac_lag(u: usize, n: i32, c: usize, products: usize, gamma: usize): i32 {
  if (n < 3) return 0;
  const ruleOfThumb = <i32>Math.floor(4 * jsPow(<f64>n / 100, 2.0 / 9.0)); // Newey & West 1994
  autocovariances(u, n, 1, c, products, gamma);
  const g0 = at(gamma, 0);
  let rho = g0 > 0 ? at(gamma, 1) / g0 : 0;
  rho = Math.max(-RHO_MAX, Math.min(RHO_MAX, rho));
  const alpha = (4 * rho * rho) / ((1 - rho) * (1 - rho) * (1 + rho) * (1 + rho)); // Andrews 1991 §6
  const bandwidth = 1.1447 * jsCbrt(alpha * n); // Andrews 1991, Bartlett kernel constant
  const plugIn = Math.max(0, Math.ceil(bandwidth) - 1);
  return <i32>Math.min(Math.floor(<f64>n / 3), Math.max(<f64>ruleOfThumb, plugIn));
}

// ------------------------------------------------------------------ change point (src/stats/changepoint.ts)

/** Where scan writes its results (doubles from `result`): the split, the two means, the statistic. */
const CP_SPLIT = 0;
const CP_BEFORE = 1;
const CP_AFTER = 2;
const CP_STATISTIC = 3;
/** simulate_null's counts: exceedances and replicates run. */
const CP_EXCEEDANCES = 4;
const CP_RUN = 5;

/** kOverN[k] = k/n and weight[k] = k(n − k)/n for k = 0 … n: the split factors, the same for every replicate. */
export function split_weights(n: i32, kOverN: usize, weight: usize): void {
  for (let k = 0; k <= n; k++) {
    put(kOverN, k, <f64>k / n);
    put(weight, k, (<f64>k * (n - k)) / n);
  }
}

/**
 * Least-squares split and studentised CUSUM of a complete series x (changepoint.ts, scan): writes the split, the
 * means before and after and the statistic to result; returns 0 (nothing meaningful written) for a constant series.
 * Scratch: prefix (n + 1), e (n); kOverN and weight from split_weights.
 */
export function scan(x: usize, n: i32, minSegment: i32, prefix: usize, e: usize, kOverN: usize, weight: usize, result: usize): i32 {
  put(prefix, 0, 0);
  for (let i = 0; i < n; i++) put(prefix, i + 1, at(prefix, i) + at(x, i));
  const total = at(prefix, n);
  let bestContrast = -1.0;
  let split = -1;
  let cusum = 0.0;
  for (let k = minSegment; k <= n - minSegment; k++) {
    const c = Math.abs(at(prefix, k) - at(kOverN, k) * total); // = k(n−k)/n · |x̄_after − x̄_before|
    const contrast = (c * c) / at(weight, k); // = k(n−k)/n · (x̄_after − x̄_before)²
    if (contrast > bestContrast) {
      bestContrast = contrast;
      split = k;
    }
    if (c > cusum) cusum = c;
  }
  const before = at(prefix, split) / split;
  const after = (total - at(prefix, split)) / (n - split);
  for (let i = 0; i < n; i++) put(e, i, at(x, i) - (i < split ? before : after));
  const rho = Math.min(RHO_MAX, Math.max(0, lag1_coefficient(e, n)));
  let ss = 0.0;
  for (let i = 1; i < n; i++) {
    const v = at(e, i) - rho * at(e, i - 1);
    ss += v * v;
  }
  const longRunVar = ss / (n - 1) / ((1 - rho) * (1 - rho));
  put(result, CP_SPLIT, split);
  put(result, CP_BEFORE, before);
  put(result, CP_AFTER, after);
  if (!(longRunVar > 0)) {
    // noise-free: a perfect step is infinitely significant; a constant series has no split at all
    put(result, CP_STATISTIC, Infinity);
    return cusum > 0 ? 1 : 0;
  }
  put(result, CP_STATISTIC, cusum / Math.sqrt(longRunVar * n));
  return 1;
}

/**
 * The null replicates of the change-point test (changepoint.ts, simulateNull): stationary Gaussian AR(1) series of n
 * values with coefficient rho, scanned like the data, until `sequentialH` of their statistics reach `observed` or
 * `replicates` have run; the counts go to result. Normal deviates by the Marsaglia polar method on sfc32, exactly as
 * Rng.normal(): the generator's words are read from `state` (four i32) with the spare deviate at state + 16 (f64)
 * and its flag at state + 24 (i32), and written back. Scratch: z (n + 1), sim (n), and scan's.
 */
export function simulate_null(
  observed: f64, rho: f64, replicates: i32, sequentialH: i32, minSegment: i32, n: i32, state: usize,
  z: usize, sim: usize, prefix: usize, e: usize, kOverN: usize, weight: usize, result: usize,
): void {
  const scale = 1 / Math.sqrt(1 - rho * rho);
  let a = load<i32>(state), b = load<i32>(state, 4), c = load<i32>(state, 8), d = load<i32>(state, 12);
  let spare = load<f64>(state, 16);
  let hasSpare = load<i32>(state, 24) != 0;
  let exceedances = 0;
  let run = 0;
  for (let r = 0; r < replicates && exceedances < sequentialH; r++) {
    // n + 1 normal deviates (the last only advances the series past its end, as it always has)
    for (let k = 0; k <= n; k++) {
      let value: f64;
      if (hasSpare) {
        hasSpare = false;
        value = spare;
      } else {
        let u: f64, v: f64, s: f64;
        do {
          let t = a + b + d;
          d = d + 1;
          a = b ^ (b >>> 9);
          b = c + (c << 3);
          c = ((c << 21) | (c >>> 11)) + t;
          u = 2 * (<f64><u32>t / 4294967296) - 1;
          t = a + b + d;
          d = d + 1;
          a = b ^ (b >>> 9);
          b = c + (c << 3);
          c = ((c << 21) | (c >>> 11)) + t;
          v = 2 * (<f64><u32>t / 4294967296) - 1;
          s = u * u + v * v;
        } while (s >= 1 || s == 0);
        const m = Math.sqrt((-2 * jsLog(s)) / s);
        spare = v * m;
        hasSpare = true;
        value = u * m;
      }
      put(z, k, value);
    }
    let x = at(z, 0) * scale; // stationary start
    for (let i = 0; i < n; i++) {
      put(sim, i, x);
      x = rho * x + at(z, i + 1);
    }
    const reaches = scan(sim, n, minSegment, prefix, e, kOverN, weight, result) == 0 || at(result, CP_STATISTIC) >= observed;
    exceedances += reaches ? 1 : 0;
    run = r + 1;
  }
  store<i32>(state, a);
  store<i32>(state, b, 4);
  store<i32>(state, c, 8);
  store<i32>(state, d, 12);
  store<f64>(state, spare, 16);
  store<i32>(state, hasSpare ? 1 : 0, 24);
  put(result, CP_EXCEEDANCES, exceedances);
  put(result, CP_RUN, run);
}
