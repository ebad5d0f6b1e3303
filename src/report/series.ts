/**
 * Series reduced for display: per-step values over a run of any length become at most `buckets` time buckets, each
 * drawn as its minimum and its maximum (two points per bucket), so a 3-hour run's chart keeps its spikes and its
 * spread at a fixed size. Every series of one chart shares the bucket grid, as uPlot's aligned data needs.
 */

/** Aligned chart data: x (minutes) and one array per series, null where a bucket has no value. */
export type Aligned = [number[], ...Array<Array<number | null>>];

/** Buckets per chart: about one per pixel of a wide laptop chart. */
export const DEFAULT_BUCKETS = 800;
/** Narrowest bucket, s: a few steps of each side, so a line breaks only where the running did. */
export const MIN_BUCKET_S = 3;

/**
 * Reduces point series (each its own times, s, and values) to min/max per bucket over [t0_s, t1_s]. Returns x in
 * minutes from t0 (each bucket contributes its start and its middle), values rounded to `decimals`.
 */
export function minMaxBuckets(series: ReadonlyArray<{ t: ArrayLike<number>; v: ArrayLike<number | null> }>, t0_s: number, t1_s: number, buckets = DEFAULT_BUCKETS, decimals = 2): Aligned {
  const span = Math.max(1e-9, t1_s - t0_s);
  const n = Math.max(1, Math.min(buckets, Math.ceil(span / MIN_BUCKET_S)));
  const w = span / n;
  const lo = series.map(() => new Float64Array(n).fill(Number.POSITIVE_INFINITY));
  const hi = series.map(() => new Float64Array(n).fill(Number.NEGATIVE_INFINITY));
  series.forEach((s, k) => {
    for (let i = 0; i < s.t.length; i++) {
      const v = s.v[i];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      const b = Math.min(n - 1, Math.max(0, Math.floor((s.t[i]! - t0_s) / w)));
      if (v < lo[k]![b]!) lo[k]![b] = v;
      if (v > hi[k]![b]!) hi[k]![b] = v;
    }
  });
  const p = 10 ** decimals;
  const r = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * p) / p + 0 : null);
  const x: number[] = [];
  const ys: Array<Array<number | null>> = series.map(() => []);
  for (let b = 0; b < n; b++) {
    x.push(Math.round(((b * w) / 60) * 1e4) / 1e4, Math.round((((b + 0.5) * w) / 60) * 1e4) / 1e4);
    series.forEach((_, k) => {
      ys[k]!.push(r(lo[k]![b]!), r(hi[k]![b]!));
    });
  }
  return [x, ...ys];
}
